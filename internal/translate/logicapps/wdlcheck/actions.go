package wdlcheck

import (
	"strings"
)

// runAfterStatuses are the statuses a runAfter entry may wait for.
var runAfterStatuses = map[string]bool{"Succeeded": true, "Failed": true, "Skipped": true, "TimedOut": true}

// commonActionKeys are the properties every action type may have.
var commonActionKeys = map[string]bool{
	"type": true, "kind": true, "inputs": true, "runAfter": true, "runtimeConfiguration": true,
	"operationOptions": true, "limit": true, "trackedProperties": true, "description": true, "metadata": true,
}

// containerKeys are the extra properties of the action types that hold
// other actions.
var containerKeys = map[string][]string{
	"If":      {"expression", "actions", "else"},
	"Scope":   {"actions"},
	"Switch":  {"expression", "cases", "default"},
	"Foreach": {"foreach", "actions"},
	"Until":   {"expression", "actions"},
}

// actionRules maps each known action type, in its canonical spelling, to the
// check of its required fields. A nil rule means that the type is known but
// its inputs are not checked.
var actionRules = map[string]func(c *checker, a *object, pointer string){
	"ApiConnection":                    checkRetryPolicyOnly,
	"ApiConnectionWebhook":             checkRetryPolicyOnly,
	"ApiManagement":                    checkRetryPolicyOnly,
	"AppendToArrayVariable":            checkVariableUpdate,
	"AppendToStringVariable":           checkVariableUpdate,
	"Compose":                          checkCompose,
	"DecrementVariable":                checkVariableName,
	"FlatFileDecoding":                 nil,
	"FlatFileEncoding":                 nil,
	"Foreach":                          checkForeach,
	"Function":                         checkFunction,
	"Http":                             checkHTTP,
	"HttpWebhook":                      checkHTTPWebhook,
	"If":                               checkIf,
	"IncrementVariable":                checkVariableName,
	"InitializeVariable":               checkInitializeVariable,
	"IntegrationAccountArtifactLookup": nil,
	"JavaScriptCode":                   nil,
	"Join":                             nil,
	"Liquid":                           nil,
	"ParseJson":                        nil,
	"Query":                            checkQuery,
	"Response":                         checkResponse,
	"Scope":                            checkScope,
	"Select":                           checkSelect,
	"SendToBatch":                      nil,
	"SetVariable":                      checkSetVariable,
	"Switch":                           checkSwitch,
	"Table":                            nil,
	"Terminate":                        checkTerminate,
	"Until":                            checkUntil,
	"Wait":                             checkWait,
	"Workflow":                         checkWorkflow,
	"XmlValidation":                    nil,
	"Xslt":                             nil,
}

// canonicalTypes maps lower-case action types to their documented spelling,
// because the service accepts types in any case.
var canonicalTypes = func() map[string]string {
	out := make(map[string]string, len(actionRules))
	for t := range actionRules {
		out[strings.ToLower(t)] = t
	}

	return out
}()

// CanonicalActionType returns the documented spelling of a known action
// type, matched without regard to case, and whether the type is known.
func CanonicalActionType(name string) (string, bool) {
	t, ok := canonicalTypes[strings.ToLower(name)]
	return t, ok
}

// scope checks one `actions` object: the top level, or the actions of a
// Scope, If branch, Switch case or loop. depth is the number of actions
// that contain it.
func (c *checker) scope(raw any, pointer string, depth int, inLoop bool) {
	actions, ok := raw.(*object)
	if !ok {
		c.problems.add(pointer, "actions must be an object, got %s", describeJSON(raw))
		return
	}

	for _, name := range actions.keys {
		c.action(name, actions.values[name], actions, pointer+"/"+escapePointer(name), depth, inLoop)
	}

	c.cycles(actions, pointer)
}

func (c *checker) action(name string, raw any, siblings *object, pointer string, depth int, inLoop bool) {
	c.actionCount++
	c.name(name, pointer)

	if first, dup := c.actionPointer[name]; dup {
		c.problems.add(pointer, "action name %q is already used at %s; action names must be unique in the whole workflow", name, first)
	} else {
		c.actionPointer[name] = pointer
	}

	// Only the first action past the limit on each path is reported, so
	// one deep branch gives one problem.
	// NOTE: the limits page gives "Action nesting depth: 8" without saying how
	// levels are counted. Here a top-level action has depth 0 and each
	// enclosing If, Scope, Switch or loop adds one.
	if depth == MaxNestingDepth+1 {
		c.problems.add(pointer, "the action is nested %d levels deep; Logic Apps allows an action nesting depth of at most %d", depth, MaxNestingDepth)
	}

	a, ok := raw.(*object)
	if !ok {
		c.problems.add(pointer, "an action must be an object, got %s", describeJSON(raw))
		return
	}

	typ := c.actionType(a, pointer)
	c.actionKeys(a, typ, pointer)
	c.runAfter(a, name, siblings, pointer)
	c.placement(typ, pointer, depth, inLoop)

	if rule := actionRules[typ]; rule != nil {
		rule(c, a, pointer)
	}

	c.checkLimit(a, pointer)
	c.operationOptions(a, typ, pointer)
	c.actionTypes[name] = typ

	c.actionTexts(a, typ, pointer)
	c.children(a, typ, pointer, depth, inLoop)
}

// actionType returns the canonical type, or "" when it is missing or unknown.
func (c *checker) actionType(a *object, pointer string) string {
	raw, ok := a.get("type")
	if !ok {
		c.problems.add(pointer, "missing action type")
		return ""
	}

	s, _ := raw.(string)

	typ, known := canonicalTypes[strings.ToLower(s)]
	if !known {
		c.problems.add(pointer+"/type", "unknown action type %v", raw)
	}

	return typ
}

func (c *checker) actionKeys(a *object, typ, pointer string) {
	allowed := map[string]bool{}
	for _, k := range containerKeys[typ] {
		allowed[k] = true
	}

	for _, k := range a.keys {
		if !commonActionKeys[k] && !allowed[k] {
			c.problems.add(pointer+"/"+escapePointer(k), "unknown property %q for a %s action", k, typeOrUnknown(typ))
		}
	}
}

func typeOrUnknown(typ string) string {
	if typ == "" {
		return "untyped"
	}

	return typ
}

// operationOptions checks that "Sequential", which only a Foreach (or a
// trigger) understands, is not set on another action.
func (c *checker) operationOptions(a *object, typ, pointer string) {
	options, _ := a.values["operationOptions"].(string)

	for _, option := range strings.Split(options, ",") {
		if strings.TrimSpace(option) == "Sequential" && typ != "Foreach" {
			c.problems.add(pointer+"/operationOptions", "operationOptions \"Sequential\" applies only to Foreach actions, not to a %s action", typeOrUnknown(typ))
		}
	}
}

// placement checks the rules that depend on where an action sits.
func (c *checker) placement(typ, pointer string, depth int, inLoop bool) {
	if typ == "InitializeVariable" && depth > 0 {
		c.problems.add(pointer, "InitializeVariable actions must be at the top level of the workflow, not inside another action")
	}

	if inLoop && (typ == "Response" || typ == "Terminate") {
		c.problems.add(pointer, "%s actions are not allowed inside Foreach or Until loops", typ)
	}
}

func (c *checker) runAfter(a *object, self string, siblings *object, pointer string) {
	raw, ok := a.get("runAfter")
	if !ok {
		return
	}

	pointer += "/runAfter"

	entries, ok := raw.(*object)
	if !ok {
		c.problems.add(pointer, "runAfter must be an object, got %s", describeJSON(raw))
		return
	}

	for _, target := range entries.keys {
		p := pointer + "/" + escapePointer(target)

		switch {
		case target == self:
			c.problems.add(p, "the action runs after itself")
		case !siblings.has(target):
			c.problems.add(p, "runAfter names %q, which is not an action in the same scope; an action can only run after actions in the same container", target)
		}

		c.statuses(entries.values[target], p)
	}
}

func (c *checker) statuses(raw any, pointer string) {
	list, ok := raw.([]any)
	if !ok || len(list) == 0 {
		c.problems.add(pointer, "run-after statuses must be a non-empty array, got %s", describeJSON(raw))
		return
	}

	seen := map[string]bool{}

	for _, item := range list {
		s, _ := item.(string)

		switch {
		case !runAfterStatuses[s]:
			c.problems.add(pointer, "run-after status must be one of Failed, Skipped, Succeeded, TimedOut, got %v", item)
		case seen[s]:
			c.problems.add(pointer, "run-after status %q is listed twice", s)
		}

		seen[s] = true
	}
}

// cycles reports runAfter cycles among the actions of one scope.
func (c *checker) cycles(actions *object, pointer string) {
	const (
		unvisited = iota
		onPath
		done
	)

	state := map[string]int{}

	var path []string

	var visit func(name string)
	visit = func(name string) {
		state[name] = onPath
		path = append(path, name)

		for _, next := range runAfterTargets(actions.values[name]) {
			if !actions.has(next) || next == name {
				continue
			}

			switch state[next] {
			case unvisited:
				visit(next)
			case onPath:
				c.problems.add(pointer, "runAfter cycle: %s", cycleText(path, next))
			}
		}

		path = path[:len(path)-1]
		state[name] = done
	}

	for _, name := range actions.keys {
		if state[name] == unvisited {
			visit(name)
		}
	}
}

func runAfterTargets(raw any) []string {
	a, ok := raw.(*object)
	if !ok {
		return nil
	}

	entries, ok := a.values["runAfter"].(*object)
	if !ok {
		return nil
	}

	return entries.keys
}

// cycleText formats the cycle that closes when path reaches back to start.
func cycleText(path []string, start string) string {
	for i, name := range path {
		if name == start {
			return strings.Join(append(append([]string{}, path[i:]...), start), " -> ")
		}
	}

	return start
}

// children checks the actions nested in a container action.
func (c *checker) children(a *object, typ, pointer string, depth int, inLoop bool) {
	switch typ {
	case "If":
		c.optionalScope(a, "actions", pointer, depth+1, inLoop)

		if e, ok := a.values["else"].(*object); ok {
			c.optionalScope(e, "actions", pointer+"/else", depth+1, inLoop)
		}
	case "Scope":
		c.optionalScope(a, "actions", pointer, depth+1, inLoop)
	case "Foreach", "Until":
		c.optionalScope(a, "actions", pointer, depth+1, true)
	case "Switch":
		if cases, ok := a.values["cases"].(*object); ok {
			for _, k := range cases.keys {
				if cs, ok := cases.values[k].(*object); ok {
					c.optionalScope(cs, "actions", pointer+"/cases/"+escapePointer(k), depth+1, inLoop)
				}
			}
		}

		if d, ok := a.values["default"].(*object); ok {
			c.optionalScope(d, "actions", pointer+"/default", depth+1, inLoop)
		}
	}
}

func (c *checker) optionalScope(o *object, key, pointer string, depth int, inLoop bool) {
	if raw, ok := o.get(key); ok {
		c.scope(raw, pointer+"/"+escapePointer(key), depth, inLoop)
	}
}

// actionTexts checks the expressions in an action's own properties. The
// nested actions of containers are checked as actions of their own.
func (c *checker) actionTexts(a *object, typ, pointer string) {
	for _, k := range a.keys {
		p := pointer + "/" + escapePointer(k)

		switch {
		case k == "type" || k == "runAfter" || k == "actions":
		case k == "else" && typ == "If":
		case k == "default" && typ == "Switch":
		case k == "cases" && typ == "Switch":
			if cases, ok := a.values[k].(*object); ok {
				for _, name := range cases.keys {
					if cs, ok := cases.values[name].(*object); ok {
						c.texts(cs.values["case"], p+"/"+escapePointer(name)+"/case")
					}
				}
			}
		default:
			c.texts(a.values[k], p)
		}
	}
}

// texts checks every string below v for expressions.
func (c *checker) texts(v any, pointer string) {
	switch t := v.(type) {
	case string:
		c.text(t, pointer)
	case []any:
		for i, item := range t {
			c.texts(item, pointer+"/"+itoa(i))
		}
	case *object:
		for _, k := range t.keys {
			c.texts(t.values[k], pointer+"/"+escapePointer(k))
		}
	}
}
