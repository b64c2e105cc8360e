package wdlcheck

import "strings"

// functionNames lists the Workflow Definition Language functions, from the
// Microsoft Learn page "Reference guide to functions in expressions for
// workflows in Azure Logic Apps and Power Automate" (ms.date 10/06/2025).
// Function names are matched without regard to case.
var functionNames = func() map[string]bool {
	names := []string{
		// String functions.
		"chunk", "concat", "endsWith", "formatNumber", "guid", "indexOf", "isFloat", "isInt", "lastIndexOf",
		"length", "nthIndexOf", "replace", "slice", "split", "startsWith", "substring", "toLower", "toUpper", "trim",
		// Collection functions.
		"contains", "empty", "first", "intersection", "item", "join", "last", "reverse", "skip", "sort", "take", "union",
		// Logical comparison functions.
		"and", "equals", "greater", "greaterOrEquals", "if", "less", "lessOrEquals", "not", "or",
		// Conversion functions.
		"array", "base64", "base64ToBinary", "base64ToString", "binary", "bool", "createArray", "dataUri",
		"dataUriToBinary", "dataUriToString", "decimal", "decodeBase64", "decodeDataUri", "decodeUriComponent",
		"encodeUriComponent", "float", "int", "json", "string", "uriComponent", "uriComponentToBinary",
		"uriComponentToString", "xml",
		// Math functions.
		"add", "div", "max", "min", "mod", "mul", "rand", "range", "sub",
		// Date and time functions.
		"addDays", "addHours", "addMinutes", "addSeconds", "addToTime", "convertFromUtc", "convertTimeZone",
		"convertToUtc", "dateDifference", "dayOfMonth", "dayOfWeek", "dayOfYear", "formatDateTime", "getFutureTime",
		"getPastTime", "parseDateTime", "startOfDay", "startOfHour", "startOfMonth", "subtractFromTime", "ticks", "utcNow",
		// Workflow functions.
		"action", "actions", "body", "formDataMultiValues", "formDataValue", "items", "iterationIndexes",
		"listCallbackUrl", "multipartBody", "outputs", "parameters", "result", "trigger", "triggerBody",
		"triggerFormDataMultiValues", "triggerFormDataValue", "triggerMultipartBody", "triggerOutputs", "variables",
		"workflow",
		// URI parsing functions.
		"uriHost", "uriPath", "uriPathAndQuery", "uriPort", "uriQuery", "uriScheme",
		// Manipulation functions.
		"addProperty", "coalesce", "removeProperty", "setProperty", "xpath",
	}

	out := make(map[string]bool, len(names))
	for _, n := range names {
		out[strings.ToLower(n)] = true
	}

	return out
}()

// actionFunctions take the name of an action as their first argument, so a
// string literal there must name an action of the definition.
var actionFunctions = map[string]bool{
	"actions": true, "body": true, "outputs": true, "result": true, "items": true, "iterationindexes": true,
}
