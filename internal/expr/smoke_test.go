package expr

import "testing"

func TestSmoke(t *testing.T) {
	env := NewEnv().With("input", DynType).With("n", IntType).With("s", StringType).
		With("res", ObjectOf(map[string]*Type{"status": IntType, "body": DynType}))
	for _, src := range []string{"input.url", "n / 2 + res.status", "has(input.a) && input.a == 1", "s + 'x' + string(n)", "[1, n]", "{'a': n}", "n in [1, 2]", "s.startsWith('a') ? 1 : 2", "res.nope", "input.a + 1", "size(input.items)"} {
		e, err := Compile(src, env)
		if err != nil {
			t.Logf("%s => compile error: %v", src, err)
			continue
		}
		for _, tg := range []Target{JSONata, GCPWorkflows, LogicApps} {
			out, err := e.Render(tg, func(n string) string { return map[Target]string{JSONata: "$" + n, GCPWorkflows: n, LogicApps: "variables('" + n + "')"}[tg] })
			t.Logf("%s [%s] type %s => %#v err %v", src, tg, e.Type(), out, err)
		}
	}
}
