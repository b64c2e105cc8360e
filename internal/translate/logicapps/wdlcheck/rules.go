package wdlcheck

import (
	"encoding/json"
	"strconv"
	"strings"
)

var (
	httpMethods           = map[string]bool{"GET": true, "POST": true, "PUT": true, "PATCH": true, "DELETE": true, "HEAD": true, "OPTIONS": true, "TRACE": true}
	authenticationTypes   = map[string]bool{"Basic": true, "ClientCertificate": true, "ActiveDirectoryOAuth": true, "Raw": true, "ManagedServiceIdentity": true}
	variableTypes         = map[string]bool{"array": true, "boolean": true, "float": true, "integer": true, "object": true, "string": true}
	waitUnits             = map[string]bool{"Second": true, "Minute": true, "Hour": true, "Day": true, "Week": true, "Month": true}
	terminateRunStatuses  = map[string]bool{"Succeeded": true, "Failed": true, "Cancelled": true}
	retryPolicyTypes      = map[string]bool{"none": true, "default": true, "fixed": true, "exponential": true}
	fixedRetryPolicyKeys  = map[string]bool{"type": true, "count": true, "interval": true}
	exponentialPolicyKeys = map[string]bool{"type": true, "count": true, "interval": true, "minimumInterval": true, "maximumInterval": true}
)

// requiredInputs returns the action's inputs object and reports it when it
// is missing or not an object.
func (c *checker) requiredInputs(a *object, pointer string) (*object, bool) {
	raw, ok := a.get("inputs")
	if !ok {
		c.problems.add(pointer, "missing inputs")
		return nil, false
	}

	inputs, ok := raw.(*object)
	if !ok {
		c.problems.add(pointer+"/inputs", "inputs must be an object, got %s", describeJSON(raw))
	}

	return inputs, ok
}

func (c *checker) requireKey(o *object, key, pointer string) (any, bool) {
	v, ok := o.get(key)
	if !ok {
		c.problems.add(pointer, "missing required property %q", key)
	}

	return v, ok
}

func (c *checker) requireString(o *object, key, pointer string) (string, bool) {
	raw, ok := c.requireKey(o, key, pointer)
	if !ok {
		return "", false
	}

	s, ok := raw.(string)
	if !ok || s == "" {
		c.problems.add(pointer+"/"+escapePointer(key), "%s must be a non-empty string, got %s", key, describeJSON(raw))
		return "", false
	}

	return s, true
}

func (c *checker) requireObject(o *object, key, pointer string) (*object, bool) {
	raw, ok := c.requireKey(o, key, pointer)
	if !ok {
		return nil, false
	}

	out, ok := raw.(*object)
	if !ok {
		c.problems.add(pointer+"/"+escapePointer(key), "%s must be an object, got %s", key, describeJSON(raw))
	}

	return out, ok
}

func checkHTTP(c *checker, a *object, pointer string) {
	inputs, ok := c.requiredInputs(a, pointer)
	if !ok {
		return
	}

	p := pointer + "/inputs"

	if method, ok := c.requireString(inputs, "method", p); ok && !IsExpression(method) && !httpMethods[strings.ToUpper(method)] {
		c.problems.add(p+"/method", "unknown HTTP method %q", method)
	}

	c.requireString(inputs, "uri", p)

	if auth, ok := c.optionalObject(inputs, "authentication", p); ok {
		if t, _ := auth.values["type"].(string); !authenticationTypes[t] {
			c.problems.add(p+"/authentication/type", "authentication type must be one of %s, got %v", sortedKeys(authenticationTypes), auth.values["type"])
		}
	}

	c.retryPolicy(inputs, p)
}

func checkFunction(c *checker, a *object, pointer string) {
	inputs, ok := c.requiredInputs(a, pointer)
	if !ok {
		return
	}

	p := pointer + "/inputs"

	if function, ok := c.requireObject(inputs, "function", p); ok {
		c.requireString(function, "id", p+"/function")
	}

	c.retryPolicy(inputs, p)
}

func checkRetryPolicyOnly(c *checker, a *object, pointer string) {
	if inputs, ok := a.values["inputs"].(*object); ok {
		c.retryPolicy(inputs, pointer+"/inputs")
	}
}

func checkInitializeVariable(c *checker, a *object, pointer string) {
	inputs, ok := c.requiredInputs(a, pointer)
	if !ok {
		return
	}

	p := pointer + "/inputs"

	raw, ok := c.requireKey(inputs, "variables", p)
	if !ok {
		return
	}

	list, ok := raw.([]any)
	if !ok || len(list) == 0 {
		c.problems.add(p+"/variables", "variables must be a non-empty array, got %s", describeJSON(raw))
		return
	}

	for i, item := range list {
		c.variableDeclaration(item, p+"/variables/"+itoa(i))
	}
}

func (c *checker) variableDeclaration(raw any, pointer string) {
	v, ok := raw.(*object)
	if !ok {
		c.problems.add(pointer, "a variable declaration must be an object, got %s", describeJSON(raw))
		return
	}

	name, nameOK := c.requireString(v, "name", pointer)

	if t, ok := c.requireString(v, "type", pointer); ok && !variableTypes[strings.ToLower(t)] {
		c.problems.add(pointer+"/type", "variable type must be one of %s, got %q", sortedKeys(variableTypes), t)
	}

	if !nameOK {
		return
	}

	c.variableCount++

	if first, dup := c.variables[name]; dup {
		c.problems.add(pointer+"/name", "variable %q is already declared at %s", name, first)
		return
	}

	c.variables[name] = pointer
}

func checkSetVariable(c *checker, a *object, pointer string) {
	inputs, ok := c.requiredInputs(a, pointer)
	if !ok {
		return
	}

	p := pointer + "/inputs"

	name, ok := c.requireString(inputs, "name", p)
	if ok {
		c.variableRefs = append(c.variableRefs, reference{name: name, pointer: p + "/name", function: "SetVariable"})
	}

	value, hasValue := c.requireKey(inputs, "value", p)
	if !ok || !hasValue {
		return
	}

	// The service rejects a SetVariable whose value reads the variable it
	// sets: "Self reference is not supported when updating the value of
	// variable 'x'" (error text quoted for Power Automate, which runs the
	// same engine, at https://qiita.com/annap_ms/items/00089fd5e8056edae689).
	for _, read := range variableReads(value) {
		if read == name {
			c.problems.add(p+"/value", "the value reads variables('%s'), the variable this action sets; Logic Apps rejects self references in SetVariable, so compute the value in a Compose action first", name)
			break
		}
	}
}

func checkVariableName(c *checker, a *object, pointer string) {
	inputs, ok := c.requiredInputs(a, pointer)
	if !ok {
		return
	}

	if name, ok := c.requireString(inputs, "name", pointer+"/inputs"); ok {
		c.variableRefs = append(c.variableRefs, reference{name: name, pointer: pointer + "/inputs/name", function: "the action"})
	}
}

func checkVariableUpdate(c *checker, a *object, pointer string) {
	checkVariableName(c, a, pointer)

	if inputs, ok := a.values["inputs"].(*object); ok {
		c.requireKey(inputs, "value", pointer+"/inputs")
	}
}

func checkCompose(c *checker, a *object, pointer string) {
	c.requireKey(a, "inputs", pointer)
}

func checkIf(c *checker, a *object, pointer string) {
	c.condition(a, pointer)
	c.requireObject(a, "actions", pointer)

	if e, ok := c.optionalObject(a, "else", pointer); ok {
		c.requireObject(e, "actions", pointer+"/else")
	}
}

// condition checks the expression of an If or Until action: an `@...`
// string or a condition object such as {"and": [...]}.
func (c *checker) condition(a *object, pointer string) {
	raw, ok := c.requireKey(a, "expression", pointer)
	if !ok {
		return
	}

	switch t := raw.(type) {
	case string:
		if !strings.HasPrefix(t, "@") || strings.HasPrefix(t, "@@") {
			c.problems.add(pointer+"/expression", "a condition string must be an expression starting with \"@\", got %q", t)
		}
	case *object:
	default:
		c.problems.add(pointer+"/expression", "a condition must be an expression string or a condition object, got %s", describeJSON(raw))
	}
}

func checkScope(c *checker, a *object, pointer string) {
	c.requireObject(a, "actions", pointer)

	if a.has("inputs") {
		c.problems.add(pointer+"/inputs", "a Scope action has no inputs; it only groups its actions")
	}
}

// checkForeach checks the items expression and the concurrency settings:
// runtimeConfiguration.concurrency.repetitions from 1 to 50, or
// operationOptions "Sequential", which runs one iteration at a time.
func checkForeach(c *checker, a *object, pointer string) {
	if items, ok := c.requireString(a, "foreach", pointer); ok && !IsExpression(items) {
		c.problems.add(pointer+"/foreach", "foreach must be an expression that returns an array, got %q", items)
	}

	c.requireObject(a, "actions", pointer)

	repetitions, hasRepetitions := foreachRepetitions(c, a, pointer)

	if options, _ := a.values["operationOptions"].(string); options == "Sequential" && hasRepetitions && repetitions != 1 {
		c.problems.add(pointer+"/operationOptions", "a Sequential Foreach runs one iteration at a time, but runtimeConfiguration asks for %d", repetitions)
	}
}

// foreachRepetitions checks and returns the concurrency of a Foreach, and
// whether it is set.
func foreachRepetitions(c *checker, a *object, pointer string) (int, bool) {
	config, ok := c.optionalObject(a, "runtimeConfiguration", pointer)
	if !ok {
		return 0, false
	}

	p := pointer + "/runtimeConfiguration"

	concurrency, ok := c.optionalObject(config, "concurrency", p)
	if !ok {
		return 0, false
	}

	raw, ok := concurrency.get("repetitions")
	if !ok {
		return 0, false
	}

	n, err := strconv.Atoi(numberText(raw))
	if err != nil || n < 1 || n > MaxForeachConcurrency {
		c.problems.add(p+"/concurrency/repetitions", "Foreach concurrency must be an integer from 1 to %d, got %v", MaxForeachConcurrency, raw)
		return 0, false
	}

	return n, true
}

// checkUntil checks the exit condition and limit.count, from 1 to 5,000
// iterations. checkLimit checks limit.timeout, as for every action.
func checkUntil(c *checker, a *object, pointer string) {
	c.condition(a, pointer)
	c.requireObject(a, "actions", pointer)

	limit, ok := c.optionalObject(a, "limit", pointer)
	if !ok {
		return
	}

	if raw, ok := limit.get("count"); ok {
		n, err := strconv.Atoi(numberText(raw))
		if err != nil || n < 1 || n > MaxUntilCount {
			c.problems.add(pointer+"/limit/count", "Until count must be an integer from 1 to %d, got %v", MaxUntilCount, raw)
		}
	}
}

// checkLimit checks the limit.timeout that any action may have.
func (c *checker) checkLimit(a *object, pointer string) {
	limit, ok := c.optionalObject(a, "limit", pointer)
	if !ok {
		return
	}

	raw, ok := limit.get("timeout")
	if !ok {
		return
	}

	s, _ := raw.(string)
	if IsExpression(s) {
		return
	}

	if _, err := parseDuration(s); err != nil {
		c.problems.add(pointer+"/limit/timeout", "timeout must be an ISO 8601 duration such as \"PT1H\": %v", err)
	}
}

// checkWorkflow checks a call of a nested workflow: inputs.host names the
// workflow by resource ID and the trigger to call.
func checkWorkflow(c *checker, a *object, pointer string) {
	inputs, ok := c.requiredInputs(a, pointer)
	if !ok {
		return
	}

	p := pointer + "/inputs"

	if host, ok := c.requireObject(inputs, "host", p); ok {
		if wf, ok := c.requireObject(host, "workflow", p+"/host"); ok {
			c.requireString(wf, "id", p+"/host/workflow")
		}

		c.requireString(host, "triggerName", p+"/host")
	}

	c.retryPolicy(inputs, p)
}

// checkHTTPWebhook checks the subscribe request of an HttpWebhook action
// and its optional unsubscribe request, each with a method and a uri.
func checkHTTPWebhook(c *checker, a *object, pointer string) {
	inputs, ok := c.requiredInputs(a, pointer)
	if !ok {
		return
	}

	p := pointer + "/inputs"

	if subscribe, ok := c.requireObject(inputs, "subscribe", p); ok {
		c.webhookRequest(subscribe, p+"/subscribe")
	}

	if unsubscribe, ok := c.optionalObject(inputs, "unsubscribe", p); ok {
		c.webhookRequest(unsubscribe, p+"/unsubscribe")
	}

	c.retryPolicy(inputs, p)
}

func (c *checker) webhookRequest(request *object, pointer string) {
	if method, ok := c.requireString(request, "method", pointer); ok && !IsExpression(method) && !httpMethods[strings.ToUpper(method)] {
		c.problems.add(pointer+"/method", "unknown HTTP method %q", method)
	}

	c.requireString(request, "uri", pointer)

	if auth, ok := c.optionalObject(request, "authentication", pointer); ok {
		if t, _ := auth.values["type"].(string); !authenticationTypes[t] {
			c.problems.add(pointer+"/authentication/type", "authentication type must be one of %s, got %v", sortedKeys(authenticationTypes), auth.values["type"])
		}
	}
}

// checkQuery checks a filter of an array: inputs.from and inputs.where.
func checkQuery(c *checker, a *object, pointer string) {
	if inputs, ok := c.requiredInputs(a, pointer); ok {
		c.requireKey(inputs, "from", pointer+"/inputs")
		c.requireKey(inputs, "where", pointer+"/inputs")
	}
}

// checkSelect checks a mapping of an array: inputs.from and inputs.select.
func checkSelect(c *checker, a *object, pointer string) {
	if inputs, ok := c.requiredInputs(a, pointer); ok {
		c.requireKey(inputs, "from", pointer+"/inputs")
		c.requireKey(inputs, "select", pointer+"/inputs")
	}
}

func checkSwitch(c *checker, a *object, pointer string) {
	c.requireKey(a, "expression", pointer)

	cases, ok := c.requireObject(a, "cases", pointer)
	if ok {
		c.switchCases(cases, pointer+"/cases")
	}

	if d, ok := c.optionalObject(a, "default", pointer); ok {
		c.requireObject(d, "actions", pointer+"/default")
	}
}

func (c *checker) switchCases(cases *object, pointer string) {
	if len(cases.keys) > MaxSwitchCases {
		c.problems.add(pointer, "the Switch has %d cases; Logic Apps allows at most %d", len(cases.keys), MaxSwitchCases)
	}

	seen := map[string]string{}

	for _, name := range cases.keys {
		p := pointer + "/" + escapePointer(name)

		cs, ok := cases.values[name].(*object)
		if !ok {
			c.problems.add(p, "a case must be an object, got %s", describeJSON(cases.values[name]))
			continue
		}

		c.requireObject(cs, "actions", p)

		value, ok := c.requireKey(cs, "case", p)
		if !ok {
			continue
		}

		key, _ := json.Marshal(value)
		if first, dup := seen[string(key)]; dup {
			c.problems.add(p+"/case", "case value %s is already used by case %q; case values must be unique", key, first)
		}

		seen[string(key)] = name
	}
}

func checkWait(c *checker, a *object, pointer string) {
	inputs, ok := c.requiredInputs(a, pointer)
	if !ok {
		return
	}

	p := pointer + "/inputs"
	interval, hasInterval := inputs.get("interval")
	until, hasUntil := inputs.get("until")

	switch {
	case hasInterval == hasUntil:
		c.problems.add(p, "a Wait action needs exactly one of \"interval\" and \"until\"")
	case hasInterval:
		c.waitInterval(interval, p+"/interval")
	default:
		c.waitUntil(until, p+"/until")
	}
}

func (c *checker) waitInterval(raw any, pointer string) {
	interval, ok := raw.(*object)
	if !ok {
		c.problems.add(pointer, "interval must be an object with count and unit, got %s", describeJSON(raw))
		return
	}

	c.requireKey(interval, "count", pointer)

	if unit, ok := c.requireString(interval, "unit", pointer); ok && !waitUnits[unit] {
		c.problems.add(pointer+"/unit", "unit must be one of %s, got %q", sortedKeys(waitUnits), unit)
	}
}

func (c *checker) waitUntil(raw any, pointer string) {
	until, ok := raw.(*object)
	if !ok {
		c.problems.add(pointer, "until must be an object with a timestamp, got %s", describeJSON(raw))
		return
	}

	c.requireString(until, "timestamp", pointer)
}

func checkTerminate(c *checker, a *object, pointer string) {
	inputs, ok := c.requiredInputs(a, pointer)
	if !ok {
		return
	}

	p := pointer + "/inputs"

	status, ok := c.requireString(inputs, "runStatus", p)
	if ok && !terminateRunStatuses[status] {
		c.problems.add(p+"/runStatus", "runStatus must be one of %s, got %q", sortedKeys(terminateRunStatuses), status)
	}

	runError, hasError := inputs.get("runError")
	if !hasError {
		return
	}

	if status != "Failed" {
		c.problems.add(p+"/runError", "runError is allowed only with runStatus \"Failed\"")
	}

	if _, ok := runError.(*object); !ok {
		c.problems.add(p+"/runError", "runError must be an object with code and message, got %s", describeJSON(runError))
	}
}

func checkResponse(c *checker, a *object, pointer string) {
	inputs, ok := c.requiredInputs(a, pointer)
	if !ok {
		return
	}

	p := pointer + "/inputs"

	raw, ok := c.requireKey(inputs, "statusCode", p)
	if !ok {
		return
	}

	switch t := raw.(type) {
	case json.Number:
		if n, err := strconv.Atoi(t.String()); err != nil || n < 100 || n > 599 {
			c.problems.add(p+"/statusCode", "statusCode must be an HTTP status from 100 to 599, got %s", t)
		}
	case string:
		if !IsExpression(t) {
			c.problems.add(p+"/statusCode", "statusCode must be a number or an expression, got %q", t)
		}
	default:
		c.problems.add(p+"/statusCode", "statusCode must be a number or an expression, got %s", describeJSON(raw))
	}
}

// retryPolicy checks inputs.retryPolicy against the documented types and
// bounds: count 1 to 90, intervals PT5S to P1D.
func (c *checker) retryPolicy(inputs *object, pointer string) {
	policy, ok := c.optionalObject(inputs, "retryPolicy", pointer)
	if !ok {
		return
	}

	p := pointer + "/retryPolicy"

	typ, _ := policy.values["type"].(string)
	typ = strings.ToLower(typ)

	if !retryPolicyTypes[typ] {
		c.problems.add(p+"/type", "retry policy type must be one of %s, got %v", sortedKeys(retryPolicyTypes), policy.values["type"])
		return
	}

	allowed := map[string]bool{"type": true}

	switch typ {
	case "fixed":
		allowed = fixedRetryPolicyKeys
	case "exponential":
		allowed = exponentialPolicyKeys
	}

	for _, k := range policy.keys {
		if !allowed[k] {
			c.problems.add(p+"/"+escapePointer(k), "property %q is not allowed in a %q retry policy", k, typ)
		}
	}

	if typ == "fixed" || typ == "exponential" {
		c.retryCount(policy, p)
		c.retryInterval(policy, "interval", p, true)
		c.retryInterval(policy, "minimumInterval", p, false)
		c.retryInterval(policy, "maximumInterval", p, false)
		c.retryIntervalOrder(policy, p)
	}
}

func (c *checker) retryCount(policy *object, pointer string) {
	raw, ok := c.requireKey(policy, "count", pointer)
	if !ok {
		return
	}

	n, err := strconv.Atoi(numberText(raw))
	if err != nil || n < 1 || n > MaxRetryCount {
		c.problems.add(pointer+"/count", "retry count must be an integer from 1 to %d, got %v", MaxRetryCount, raw)
	}
}

func (c *checker) retryInterval(policy *object, key, pointer string, required bool) {
	raw, ok := policy.get(key)
	if !ok {
		if required {
			c.problems.add(pointer, "missing required property %q", key)
		}

		return
	}

	s, _ := raw.(string)

	seconds, err := parseDuration(s)
	switch {
	case err != nil:
		c.problems.add(pointer+"/"+key, "%s must be an ISO 8601 duration such as \"PT10S\": %v", key, err)
	case seconds < MinRetryIntervalSeconds || seconds > MaxRetryIntervalSeconds:
		c.problems.add(pointer+"/"+key, "%s %q is outside the allowed range PT5S to P1D", key, s)
	}
}

func (c *checker) retryIntervalOrder(policy *object, pointer string) {
	minText, _ := policy.values["minimumInterval"].(string)
	maxText, _ := policy.values["maximumInterval"].(string)

	minSeconds, errMin := parseDuration(minText)
	maxSeconds, errMax := parseDuration(maxText)

	if errMin == nil && errMax == nil && minSeconds > maxSeconds {
		c.problems.add(pointer+"/minimumInterval", "minimumInterval %q is longer than maximumInterval %q", minText, maxText)
	}
}

func numberText(raw any) string {
	if n, ok := raw.(json.Number); ok {
		return n.String()
	}

	return ""
}

func itoa(i int) string {
	return strconv.Itoa(i)
}
