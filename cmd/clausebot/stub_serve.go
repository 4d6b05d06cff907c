package main

// Placeholder until serve lands (owner: serve work). Replace this file.

import "context"

func (c *cli) serve(ctx context.Context, args []string) int { return c.todo("serve") }
