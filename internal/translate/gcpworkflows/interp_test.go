package gcpworkflows

import (
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"testing"

	yaml "go.yaml.in/yaml/v3"
)

// This file holds a small interpreter for the Cloud Workflows subset that
// the translator writes, so tests can run a translation and compare its
// result with the neutral semantics. It follows the rules of the syntax
// reference that the output depends on. Steps run in order unless `next`
// jumps within their list. Variables first assigned in a `for` body, an
// except block or a parallel branch vanish after it. A parallel branch may
// assign only the shared variables of the enclosing scope. Errors are maps
// with tags, and a retry predicate decides whether a try runs again. It runs parallel
// branches and iterations one after another, ignores backoff delays and
// sleeps, and raises a test failure for anything else it does not know.

// gcwError is a raised Cloud Workflows error.
type gcwError struct{ value any }

func (e *gcwError) Error() string { return fmt.Sprintf("raised %v", e.value) }

// systemError builds an error map of the kind Cloud Workflows raises.
func systemError(tag, message string) *gcwError {
	return &gcwError{map[string]any{"tags": []any{tag}, "message": message}}
}

// httpHandler serves an HTTP call of function (such as http.get) with
// args, and returns the status code and the body.
type httpHandler func(function string, args map[string]any) (int, any)

// gcwMachine runs one translated source.
type gcwMachine struct {
	t    *testing.T
	doc  map[string]any
	http httpHandler

	// connector serves calls of googleapis connectors and
	// events.await_callback.
	connector func(function string, args map[string]any) (any, error)

	calls []string
	steps int

	// current is the name of the step being run, for handlers that reply
	// per step.
	current string

	// failNext, when a handler sets it, is raised by the HTTP call being
	// served instead of its response. headers, when set, are the headers
	// of the response.
	failNext error
	headers  map[string]any
}

// control is how a step list ends other than by running off its end.
type control struct {
	returned bool
	value    any
	jump     string // break or continue
}

// scope holds the variables of one subworkflow and the rules of the
// parallel branch being run.
type scope struct {
	vars map[string]any

	// parent and shared are set inside a parallel branch: the variables of
	// the enclosing scope and those of them the branch may assign.
	parent map[string]bool
	shared map[string]bool
}

func runWorkflow(t *testing.T, text string, input any, http httpHandler) (any, error, *gcwMachine) {
	t.Helper()

	return runWorkflowWith(t, text, input, http, nil)
}

// runWorkflowWith runs main with the input. It serves HTTP calls with http,
// and connector and callback calls with connector.
func runWorkflowWith(t *testing.T, text string, input any, http httpHandler, connector func(string, map[string]any) (any, error)) (any, error, *gcwMachine) {
	t.Helper()

	var doc map[string]any
	if err := yaml.Unmarshal([]byte(text), &doc); err != nil {
		t.Fatalf("output is not YAML: %v", err)
	}

	m := &gcwMachine{t: t, doc: doc, http: http, connector: connector}
	out, err := m.runSubworkflow("main", []any{input})

	return out, err, m
}

func (m *gcwMachine) runSubworkflow(name string, args []any) (any, error) {
	body, ok := m.doc[name].(map[string]any)
	if !ok {
		m.t.Fatalf("no subworkflow %s", name)
	}

	sc := &scope{vars: map[string]any{}}

	params, _ := body["params"].([]any)
	for i, p := range params {
		sc.vars[p.(string)] = args[i]
	}

	ctl, err := m.runList(sc, body["steps"].([]any))
	if err != nil {
		return nil, err
	}

	return ctl.value, nil
}

// runList runs a step list, following jumps inside it.
func (m *gcwMachine) runList(sc *scope, list []any) (control, error) {
	index := map[string]int{}
	for i, item := range list {
		for name := range item.(map[string]any) {
			index[name] = i
		}
	}

	for i := 0; i < len(list); {
		m.steps++
		if m.steps > 100000 {
			m.t.Fatal("more than 100,000 steps: the workflow does not end")
		}

		var name string
		var body map[string]any

		for n, b := range list[i].(map[string]any) {
			name, body = n, b.(map[string]any)
		}

		m.current = name

		next, ctl, err := m.runStep(sc, name, body)
		if err != nil || ctl.returned || ctl.jump != "" {
			return ctl, err
		}

		switch next {
		case "":
			i++
		case "end":
			return control{returned: true}, nil
		case "break", "continue":
			return control{jump: next}, nil
		default:
			target, ok := index[next]
			if !ok {
				m.t.Fatalf("step %s jumps to %s outside its list", name, next)
			}

			i = target
		}
	}

	return control{}, nil
}

// runStep runs one step and returns its jump target, if any.
func (m *gcwMachine) runStep(sc *scope, name string, body map[string]any) (string, control, error) {
	next, _ := body["next"].(string)

	switch {
	case body["assign"] != nil:
		return next, control{}, m.assign(sc, body["assign"].([]any))
	case body["call"] != nil:
		return next, control{}, m.call(sc, body)
	case body["switch"] != nil:
		return m.switchStep(sc, body["switch"].([]any), next)
	case body["for"] != nil:
		ctl, err := m.forLoop(sc, body["for"].(map[string]any), nil)
		return next, ctl, err
	case body["parallel"] != nil:
		ctl, err := m.parallel(sc, body["parallel"].(map[string]any))
		return next, ctl, err
	case body["try"] != nil:
		ctl, err := m.tryStep(sc, body)
		return next, ctl, err
	case body["raise"] != nil:
		v, err := m.eval(sc, body["raise"])
		if err != nil {
			return "", control{}, err
		}

		return "", control{}, &gcwError{v}
	case body["return"] != nil || hasKey(body, "return"):
		v, err := m.eval(sc, body["return"])
		return "", control{returned: true, value: v}, err
	case body["steps"] != nil:
		ctl, err := m.runList(sc, body["steps"].([]any))
		return next, ctl, err
	}

	m.t.Fatalf("step %s has no kind the interpreter knows: %v", name, body)

	return "", control{}, nil
}

func hasKey(m map[string]any, key string) bool {
	_, ok := m[key]
	return ok
}

func (m *gcwMachine) assign(sc *scope, items []any) error {
	for _, item := range items {
		for target, raw := range item.(map[string]any) {
			v, err := m.eval(sc, raw)
			if err != nil {
				return err
			}

			if err := m.store(sc, target, v); err != nil {
				return err
			}
		}
	}

	return nil
}

// store assigns a variable, or an element of one for `name[expr]`.
func (m *gcwMachine) store(sc *scope, target string, v any) error {
	name, rest, indexed := strings.Cut(target, "[")

	if sc.parent != nil && sc.parent[name] && !sc.shared[name] {
		m.t.Errorf("a parallel branch assigns %s, a variable of the enclosing scope that is not shared", name)
	}

	if !indexed {
		sc.vars[name] = v
		return nil
	}

	key, err := m.evalText(sc, strings.TrimSuffix(rest, "]"))
	if err != nil {
		return err
	}

	switch c := sc.vars[name].(type) {
	case []any:
		i, ok := key.(int64)
		if !ok || i < 0 || int(i) >= len(c) {
			return systemError("IndexError", fmt.Sprintf("index %v out of range", key))
		}

		c[i] = v
	case map[string]any:
		c[fmt.Sprint(key)] = v
	default:
		return systemError("TypeError", "cannot index "+name)
	}

	return nil
}

func (m *gcwMachine) call(sc *scope, body map[string]any) error {
	function := body["call"].(string)
	m.calls = append(m.calls, function)

	args := map[string]any{}
	if raw, ok := body["args"].(map[string]any); ok {
		v, err := m.eval(sc, raw)
		if err != nil {
			return err
		}

		args = v.(map[string]any)
	}

	result, err := m.invoke(function, args)
	if err != nil {
		return err
	}

	if name, ok := body["result"].(string); ok {
		return m.store(sc, name, result)
	}

	return nil
}

func (m *gcwMachine) invoke(function string, args map[string]any) (any, error) {
	switch {
	case strings.HasPrefix(function, "http."):
		m.calls[len(m.calls)-1] += " " + fmt.Sprint(args["url"])

		code, body := m.http(function, args)
		if err := m.failNext; err != nil {
			m.failNext = nil
			return nil, err
		}

		if code >= 400 {
			return nil, &gcwError{map[string]any{"tags": []any{"HttpError"}, "code": int64(code), "message": "HTTP " + strconv.Itoa(code), "body": body}}
		}

		headers := m.headers
		if headers == nil {
			headers = map[string]any{}
		}

		return map[string]any{"code": int64(code), "headers": headers, "body": body}, nil
	case function == "sys.sleep" || function == "sys.sleep_until":
		return nil, nil
	case function == "events.create_callback_endpoint":
		return map[string]any{"url": "https://workflowexecutions.example/callback/1"}, nil
	case strings.HasPrefix(function, "googleapis.") || strings.HasPrefix(function, "events."):
		return m.connector(function, args)
	}

	if _, ok := m.doc[function]; ok {
		return m.runSubworkflow(function, []any{args})
	}

	m.t.Fatalf("unknown function %s", function)

	return nil, nil
}

func (m *gcwMachine) switchStep(sc *scope, conditions []any, next string) (string, control, error) {
	for _, raw := range conditions {
		c := raw.(map[string]any)

		holds, err := m.eval(sc, c["condition"])
		if err != nil {
			return "", control{}, err
		}

		if holds != true {
			continue
		}

		target, ctl, err := m.runStep(sc, "condition", withoutCondition(c))

		return target, ctl, err
	}

	return next, control{}, nil
}

// withoutCondition returns a switch condition as a step body.
func withoutCondition(c map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range c {
		if k != "condition" {
			out[k] = v
		}
	}

	if len(out) == 1 && out["next"] != nil {
		out["steps"] = []any{}
	}

	return out
}

// forLoop runs a for block. each, when set, runs instead of the steps for
// one iteration (parallel iterations use it).
func (m *gcwMachine) forLoop(sc *scope, body map[string]any, each func(*scope) (control, error)) (control, error) {
	items, err := m.eval(sc, body["in"])
	if err != nil {
		return control{}, err
	}

	list, ok := items.([]any)
	if !ok {
		return control{}, systemError("TypeError", "for over a value that is not a list")
	}

	before := keysOf(sc.vars)
	defer dropNew(sc.vars, before)

	for i, item := range list {
		sc.vars[body["value"].(string)] = item
		if index, ok := body["index"].(string); ok {
			sc.vars[index] = int64(i)
		}

		var ctl control
		if each != nil {
			ctl, err = each(sc)
		} else {
			ctl, err = m.runList(sc, body["steps"].([]any))
		}

		if err != nil || ctl.returned {
			return ctl, err
		}

		if ctl.jump == "break" {
			break
		}
	}

	return control{}, nil
}

func keysOf(vars map[string]any) map[string]bool {
	out := map[string]bool{}
	for k := range vars {
		out[k] = true
	}

	return out
}

// dropNew removes the variables that did not exist before a block.
func dropNew(vars map[string]any, before map[string]bool) {
	for k := range vars {
		if !before[k] {
			delete(vars, k)
		}
	}
}

// parallel runs the branches or iterations one after another. Under
// continueAll every branch runs, and an unhandled error then fails the
// step; the interpreter raises the first one.
func (m *gcwMachine) parallel(sc *scope, body map[string]any) (control, error) {
	shared := map[string]bool{}
	for _, s := range body["shared"].([]any) {
		shared[s.(string)] = true
		if _, ok := sc.vars[s.(string)]; !ok {
			m.t.Errorf("shared variable %s is not assigned before the parallel step", s)
		}
	}

	var first error

	runBranch := func(run func(*scope) (control, error)) {
		inner := &scope{vars: sc.vars, parent: keysOf(sc.vars), shared: shared}
		before := keysOf(sc.vars)

		ctl, err := run(inner)
		dropNew(sc.vars, before)

		if ctl.returned {
			m.t.Errorf("a parallel branch returned")
		}

		if err != nil && first == nil {
			first = err
		}
	}

	if branches, ok := body["branches"].([]any); ok {
		for _, b := range branches {
			for _, branchBody := range b.(map[string]any) {
				steps := branchBody.(map[string]any)["steps"].([]any)
				runBranch(func(inner *scope) (control, error) { return m.runList(inner, steps) })
			}
		}
	} else {
		loop := body["for"].(map[string]any)
		_, err := m.forLoop(sc, loop, func(iteration *scope) (control, error) {
			runBranch(func(inner *scope) (control, error) { return m.runList(inner, loop["steps"].([]any)) })
			return control{}, nil
		})

		if err != nil {
			return control{}, err
		}
	}

	return control{}, first
}

func (m *gcwMachine) tryStep(sc *scope, body map[string]any) (control, error) {
	attempts := 0

	for {
		ctl, err := m.tryBody(sc, body["try"].(map[string]any))

		raised, ok := err.(*gcwError)
		if !ok {
			return ctl, err
		}

		if m.retries(sc, body["retry"], raised, attempts) {
			attempts++
			continue
		}

		except, ok := body["except"].(map[string]any)
		if !ok {
			return control{}, err
		}

		before := keysOf(sc.vars)
		sc.vars[except["as"].(string)] = raised.value
		ctl, err = m.runList(sc, except["steps"].([]any))
		dropNew(sc.vars, before)

		return ctl, err
	}
}

func (m *gcwMachine) tryBody(sc *scope, body map[string]any) (control, error) {
	if steps, ok := body["steps"].([]any); ok {
		return m.runList(sc, steps)
	}

	_, ctl, err := m.runStep(sc, "try", body)

	return ctl, err
}

// retries reports whether a retry policy runs the try again.
func (m *gcwMachine) retries(sc *scope, raw any, raised *gcwError, attempts int) bool {
	policy, ok := raw.(map[string]any)
	if !ok {
		return false
	}

	max, _ := policy["max_retries"].(int)
	if attempts >= max {
		return false
	}

	ref := strings.TrimSuffix(strings.TrimPrefix(policy["predicate"].(string), "${"), "}")

	v, err := m.runSubworkflow(ref, []any{raised.value})
	if err != nil {
		m.t.Fatalf("retry predicate %s failed: %v", ref, err)
	}

	return v == true
}

// eval evaluates a YAML value: expressions in strings, recursively in lists
// and maps.
func (m *gcwMachine) eval(sc *scope, v any) (any, error) {
	switch x := v.(type) {
	case string:
		if strings.HasPrefix(x, "${") && strings.HasSuffix(x, "}") {
			return m.evalText(sc, x[2:len(x)-1])
		}

		return x, nil
	case int:
		return int64(x), nil
	case []any:
		out := make([]any, len(x))
		for i, item := range x {
			r, err := m.eval(sc, item)
			if err != nil {
				return nil, err
			}

			out[i] = r
		}

		return out, nil
	case map[string]any:
		out := map[string]any{}
		for k, item := range x {
			r, err := m.eval(sc, item)
			if err != nil {
				return nil, err
			}

			out[k] = r
		}

		return out, nil
	}

	return v, nil
}

func (m *gcwMachine) evalText(sc *scope, src string) (any, error) {
	p := &exprParser{m: m, sc: sc, tokens: tokenize(m.t, src), src: src}

	v, err := p.parseOr()
	if err == nil && p.pos != len(p.tokens) {
		m.t.Fatalf("cannot parse %q: unexpected %q", src, p.tokens[p.pos])
	}

	return v, err
}

// tokenize splits an expression into tokens: strings keep their quotes.
func tokenize(t *testing.T, src string) []string {
	var out []string

	for i := 0; i < len(src); {
		c := src[i]

		switch {
		case c == ' ':
			i++
		case c == '"':
			j := i + 1
			for src[j] != '"' {
				if src[j] == '\\' {
					j++
				}
				j++
			}

			out = append(out, src[i:j+1])
			i = j + 1
		case strings.ContainsRune("()[],.{}:", rune(c)):
			out = append(out, string(c))
			i++
		case strings.ContainsRune("=!<>", rune(c)):
			if i+1 < len(src) && src[i+1] == '=' {
				out = append(out, src[i:i+2])
				i += 2
			} else {
				out = append(out, string(c))
				i++
			}
		case strings.ContainsRune("+-*%", rune(c)):
			out = append(out, string(c))
			i++
		case c == '/':
			if i+1 < len(src) && src[i+1] == '/' {
				out = append(out, "//")
				i += 2
			} else {
				out = append(out, "/")
				i++
			}
		case c >= '0' && c <= '9':
			j := i
			for j < len(src) && (src[j] >= '0' && src[j] <= '9' || src[j] == '.' || src[j] == 'e') {
				j++
			}

			out = append(out, src[i:j])
			i = j
		case c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			j := i
			for j < len(src) && (src[j] == '_' || src[j] >= 'a' && src[j] <= 'z' || src[j] >= 'A' && src[j] <= 'Z' || src[j] >= '0' && src[j] <= '9') {
				j++
			}

			out = append(out, src[i:j])
			i = j
		default:
			t.Fatalf("cannot tokenize %q at %d", src, i)
		}
	}

	return out
}

type exprParser struct {
	m      *gcwMachine
	sc     *scope
	tokens []string
	pos    int
	src    string
}

func (p *exprParser) peek() string {
	if p.pos < len(p.tokens) {
		return p.tokens[p.pos]
	}

	return ""
}

func (p *exprParser) take(tok string) {
	if p.peek() != tok {
		p.m.t.Fatalf("cannot parse %q: want %q at token %d, got %q", p.src, tok, p.pos, p.peek())
	}

	p.pos++
}

// Every operator evaluates both operands, `and` and `or` included, so a
// translation that passes never depends on `and` skipping its right
// operand, which the Cloud Workflows reference does not document.
func (p *exprParser) parseOr() (any, error) {
	left, err := p.parseAnd()
	for err == nil && p.peek() == "or" {
		p.pos++

		var right any
		right, err = p.parseAnd()
		left = left == true || right == true
	}

	return left, err
}

func (p *exprParser) parseAnd() (any, error) {
	left, err := p.parseNot()
	for err == nil && p.peek() == "and" {
		p.pos++

		var right any
		right, err = p.parseNot()
		left = left == true && right == true
	}

	return left, err
}

func (p *exprParser) parseNot() (any, error) {
	if p.peek() == "not" {
		p.pos++
		v, err := p.parseNot()

		return v != true, err
	}

	return p.parseCompare()
}

func (p *exprParser) parseCompare() (any, error) {
	left, err := p.parseAdd()
	if err != nil {
		return nil, err
	}

	op := p.peek()
	switch op {
	case "==", "!=", "<", "<=", ">", ">=", "in":
	default:
		return left, nil
	}

	p.pos++

	right, err := p.parseAdd()
	if err != nil {
		return nil, err
	}

	return compare(op, left, right)
}

func compare(op string, left, right any) (any, error) {
	switch op {
	case "==":
		return equal(left, right), nil
	case "!=":
		return !equal(left, right), nil
	case "in":
		switch c := right.(type) {
		case []any:
			for _, item := range c {
				if equal(item, left) {
					return true, nil
				}
			}

			return false, nil
		case map[string]any:
			_, ok := c[fmt.Sprint(left)]
			return ok, nil
		}

		return nil, systemError("TypeError", "in needs a list or map")
	}

	if ls, ok := left.(string); ok {
		rs, _ := right.(string)
		return map[string]bool{"<": ls < rs, "<=": ls <= rs, ">": ls > rs, ">=": ls >= rs}[op], nil
	}

	l, lok := number(left)
	r, rok := number(right)

	if !lok || !rok {
		return nil, systemError("TypeError", "comparison of non-numbers")
	}

	return map[string]bool{"<": l < r, "<=": l <= r, ">": l > r, ">=": l >= r}[op], nil
}

func number(v any) (float64, bool) {
	switch n := v.(type) {
	case int64:
		return float64(n), true
	case float64:
		return n, true
	}

	return 0, false
}

func equal(a, b any) bool {
	if x, ok := number(a); ok {
		y, ok := number(b)
		return ok && x == y
	}

	return reflect.DeepEqual(a, b)
}

func (p *exprParser) parseAdd() (any, error) {
	left, err := p.parseMul()
	for err == nil && (p.peek() == "+" || p.peek() == "-") {
		op := p.peek()
		p.pos++

		var right any
		if right, err = p.parseMul(); err == nil {
			left, err = arithmetic(op, left, right)
		}
	}

	return left, err
}

func (p *exprParser) parseMul() (any, error) {
	left, err := p.parseUnary()
	for err == nil && (p.peek() == "*" || p.peek() == "/" || p.peek() == "%" || p.peek() == "//") {
		op := p.peek()
		p.pos++

		var right any
		if right, err = p.parseUnary(); err == nil {
			left, err = arithmetic(op, left, right)
		}
	}

	return left, err
}

func arithmetic(op string, left, right any) (any, error) {
	if op == "+" {
		if ls, ok := left.(string); ok {
			rs, ok := right.(string)
			if !ok {
				return nil, systemError("TypeError", "string + non-string")
			}

			return ls + rs, nil
		}

		if ll, ok := left.([]any); ok {
			return append(append([]any{}, ll...), right.([]any)...), nil
		}
	}

	li, lint := left.(int64)
	ri, rint := right.(int64)

	if lint && rint && op != "/" {
		switch op {
		case "+":
			return li + ri, nil
		case "-":
			return li - ri, nil
		case "*":
			return li * ri, nil
		}

		if ri == 0 {
			return nil, systemError("ZeroDivisionError", "division by zero")
		}

		if op == "%" {
			return li % ri, nil
		}

		return int64(math.Floor(float64(li) / float64(ri))), nil
	}

	l, lok := number(left)
	r, rok := number(right)

	if !lok || !rok {
		return nil, systemError("TypeError", "arithmetic on non-numbers")
	}

	switch op {
	case "+":
		return l + r, nil
	case "-":
		return l - r, nil
	case "*":
		return l * r, nil
	case "%":
		return math.Mod(l, r), nil
	}

	if r == 0 {
		return nil, systemError("ZeroDivisionError", "division by zero")
	}

	return l / r, nil
}

func (p *exprParser) parseUnary() (any, error) {
	if p.peek() == "-" {
		p.pos++

		v, err := p.parseUnary()
		if err != nil {
			return nil, err
		}

		return arithmetic("-", int64(0), v)
	}

	return p.parsePostfix()
}

func (p *exprParser) parsePostfix() (any, error) {
	v, err := p.parsePrimary()

	for err == nil {
		switch p.peek() {
		case ".":
			p.pos++
			field := p.tokens[p.pos]
			p.pos++
			v, err = member(v, field)
		case "[":
			p.pos++

			var key any
			if key, err = p.parseOr(); err == nil {
				p.take("]")
				v, err = index(v, key)
			}
		default:
			return v, err
		}
	}

	return v, err
}

func member(v any, field string) (any, error) {
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, systemError("TypeError", "field "+field+" of a non-map")
	}

	out, ok := obj[field]
	if !ok {
		return nil, systemError("KeyError", "key not found: "+field)
	}

	return out, nil
}

func index(v, key any) (any, error) {
	if list, ok := v.([]any); ok {
		i, ok := key.(int64)
		if !ok || i < 0 || int(i) >= len(list) {
			return nil, systemError("IndexError", "index out of range")
		}

		return list[i], nil
	}

	return member(v, fmt.Sprint(key))
}

func (p *exprParser) parsePrimary() (any, error) {
	tok := p.peek()
	p.pos++

	switch {
	case tok == "(":
		v, err := p.parseOr()
		if err != nil {
			return nil, err
		}

		p.take(")")

		return v, nil
	case tok == "[":
		var items []any

		for p.peek() != "]" {
			v, err := p.parseOr()
			if err != nil {
				return nil, err
			}

			items = append(items, v)

			if p.peek() == "," {
				p.pos++
			}
		}

		p.take("]")

		return append([]any{}, items...), nil
	case strings.HasPrefix(tok, `"`):
		s, err := strconv.Unquote(tok)
		if err != nil {
			p.m.t.Fatalf("bad string %s in %q", tok, p.src)
		}

		return s, nil
	case tok[0] >= '0' && tok[0] <= '9':
		if strings.ContainsAny(tok, ".e") {
			f, _ := strconv.ParseFloat(tok, 64)
			return f, nil
		}

		n, _ := strconv.ParseInt(tok, 10, 64)

		return n, nil
	}

	switch tok {
	case "true", "True", "TRUE":
		return true, nil
	case "false", "False", "FALSE":
		return false, nil
	case "null":
		return nil, nil
	}

	return p.name(tok)
}

// name reads a variable, or calls a function whose dotted name starts
// with tok.
func (p *exprParser) name(tok string) (any, error) {
	dotted := tok
	for i := p.pos; i+1 < len(p.tokens) && p.tokens[i] == "."; i += 2 {
		if i+2 < len(p.tokens) && p.tokens[i+2] == "(" {
			dotted += "." + p.tokens[i+1]
			p.pos = i + 2

			break
		}

		dotted += "." + p.tokens[i+1]
	}

	if p.peek() != "(" {
		if v, ok := p.sc.vars[tok]; ok {
			return v, nil
		}

		if _, ok := p.m.doc[tok]; ok {
			return tok, nil
		}

		return nil, systemError("KeyError", "variable not found: "+tok)
	}

	p.pos++

	var args []any

	for p.peek() != ")" {
		v, err := p.parseOr()
		if err != nil {
			return nil, err
		}

		args = append(args, v)

		if p.peek() == "," {
			p.pos++
		}
	}

	p.take(")")

	return p.m.builtin(dotted, args)
}

func (m *gcwMachine) builtin(name string, args []any) (any, error) {
	switch name {
	case "default":
		if args[0] == nil {
			return args[1], nil
		}

		return args[0], nil
	case "map.get":
		obj, ok := args[0].(map[string]any)
		if !ok {
			return nil, systemError("TypeError", "map.get of a non-map")
		}

		return obj[fmt.Sprint(args[1])], nil
	case "list.concat":
		list, _ := args[0].([]any)
		return append(append([]any{}, list...), args[1]), nil
	case "if":
		if args[0] == true {
			return args[1], nil
		}

		return args[2], nil
	case "len":
		switch x := args[0].(type) {
		case string:
			return int64(len([]rune(x))), nil
		case []any:
			return int64(len(x)), nil
		case map[string]any:
			return int64(len(x)), nil
		}
	case "string":
		return fmt.Sprint(args[0]), nil
	case "text.substring":
		runes := []rune(args[0].(string))
		start, end := args[1].(int64), args[2].(int64)

		return string(runes[start:end]), nil
	case "text.find_all":
		var found []any

		text, sub := args[0].(string), args[1].(string)
		for i := 0; i+len(sub) <= len(text); i++ {
			if text[i:i+len(sub)] == sub {
				found = append(found, map[string]any{"index": int64(i), "match": sub})
			}
		}

		return found, nil
	case "text.to_lower":
		return strings.ToLower(args[0].(string)), nil
	case "text.to_upper":
		return strings.ToUpper(args[0].(string)), nil
	case "int":
		if f, ok := number(args[0]); ok {
			return int64(f), nil
		}
	}

	m.t.Fatalf("unknown function %s", name)

	return nil, nil
}
