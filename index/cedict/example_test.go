package cedict_test

import (
	"fmt"

	"clausebot/index/cedict"
)

func ExampleDict_Lookup() {
	// The headwords a document holds, computed once.
	d := cedict.Default().RestrictText("双方将推动卫星导航领域合作。")
	for _, c := range d.Lookup([]string{"Satellite", "navigation", "cooperation?"}) {
		fmt.Printf("%s %.2f\n", c, c.Weight)
	}
	// Output:
	// Satellite navigation → 卫星导航 1.00
	// Satellite → 卫星 1.00
	// cooperation? → 合作 1.00
	// navigation → 导航 1.00
}
