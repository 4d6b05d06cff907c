package main

// Placeholder until the terminal chat lands (owner: bot core work). Replace this file.

import "context"

func (c *cli) chat(ctx context.Context, args []string) int { return c.todo("chat") }
