package main

// Placeholder until the engine commands land (owner: index work). Replace this file.

import "context"

func (c *cli) ask(ctx context.Context, args []string) int     { return c.todo("ask") }
func (c *cli) clause(ctx context.Context, args []string) int  { return c.todo("clause") }
func (c *cli) section(ctx context.Context, args []string) int { return c.todo("section") }
func (c *cli) sources(ctx context.Context, args []string) int { return c.todo("sources") }
func (c *cli) eval(ctx context.Context, args []string) int    { return c.todo("eval") }
