package main

// Placeholder until serve lands (owner: serve work). Replace this file.

import "context"

func (c *cli) serve(ctx context.Context, args []string) int       { return c.todo("serve") }
func (c *cli) config(ctx context.Context, args []string) int      { return c.todo("config") }
func (c *cli) healthcheck(ctx context.Context, args []string) int { return c.todo("healthcheck") }
