package stepfunctions

import (
	"strconv"
	"time"
)

// The request and response bodies below follow the AWS JSON 1.0 shapes of
// the Step Functions API reference. Field names are the wire names the AWS
// SDKs send and expect. Only the fields this server acts on are declared.

type loggingConfiguration struct {
	Level                string           `json:"level,omitempty"`
	IncludeExecutionData bool             `json:"includeExecutionData"`
	Destinations         []logDestination `json:"destinations,omitempty"`
}

type logDestination struct {
	CloudWatchLogsLogGroup *struct {
		LogGroupArn string `json:"logGroupArn"`
	} `json:"cloudWatchLogsLogGroup,omitempty"`
}

type tracingConfiguration struct {
	Enabled bool `json:"enabled"`
}

type encryptionConfiguration struct {
	Type                         string `json:"type"`
	KmsKeyID                     string `json:"kmsKeyId,omitempty"`
	KmsDataKeyReusePeriodSeconds *int64 `json:"kmsDataKeyReusePeriodSeconds,omitempty"`
}

type tag struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

type createStateMachineInput struct {
	Name                    string                   `json:"name"`
	Definition              string                   `json:"definition"`
	RoleArn                 string                   `json:"roleArn"`
	Type                    string                   `json:"type"`
	LoggingConfiguration    *loggingConfiguration    `json:"loggingConfiguration"`
	TracingConfiguration    *tracingConfiguration    `json:"tracingConfiguration"`
	EncryptionConfiguration *encryptionConfiguration `json:"encryptionConfiguration"`
	Tags                    []tag                    `json:"tags"`
	Publish                 bool                     `json:"publish"`
	VersionDescription      string                   `json:"versionDescription"`
}

type createStateMachineOutput struct {
	StateMachineArn        string    `json:"stateMachineArn"`
	CreationDate           epochTime `json:"creationDate"`
	StateMachineVersionArn string    `json:"stateMachineVersionArn,omitempty"`
}

type describeStateMachineOutput struct {
	StateMachineArn         string                   `json:"stateMachineArn"`
	Name                    string                   `json:"name"`
	Status                  string                   `json:"status"`
	Definition              string                   `json:"definition"`
	RoleArn                 string                   `json:"roleArn"`
	Type                    string                   `json:"type"`
	CreationDate            epochTime                `json:"creationDate"`
	LoggingConfiguration    *loggingConfiguration    `json:"loggingConfiguration,omitempty"`
	TracingConfiguration    *tracingConfiguration    `json:"tracingConfiguration,omitempty"`
	EncryptionConfiguration *encryptionConfiguration `json:"encryptionConfiguration,omitempty"`
	RevisionID              string                   `json:"revisionId,omitempty"`
}

type updateStateMachineInput struct {
	StateMachineArn         string                   `json:"stateMachineArn"`
	Definition              *string                  `json:"definition"`
	RoleArn                 *string                  `json:"roleArn"`
	LoggingConfiguration    *loggingConfiguration    `json:"loggingConfiguration"`
	TracingConfiguration    *tracingConfiguration    `json:"tracingConfiguration"`
	EncryptionConfiguration *encryptionConfiguration `json:"encryptionConfiguration"`
	Publish                 bool                     `json:"publish"`
	VersionDescription      string                   `json:"versionDescription"`
}

type updateStateMachineOutput struct {
	UpdateDate             epochTime `json:"updateDate"`
	RevisionID             string    `json:"revisionId"`
	StateMachineVersionArn string    `json:"stateMachineVersionArn,omitempty"`
}

type stateMachineArnInput struct {
	StateMachineArn string `json:"stateMachineArn"`
}

type resourceArnInput struct {
	ResourceArn string   `json:"resourceArn"`
	Tags        []tag    `json:"tags"`
	TagKeys     []string `json:"tagKeys"`
}

type validateInput struct {
	Definition string `json:"definition"`
	Type       string `json:"type"`
	Severity   string `json:"severity"`
	MaxResults int    `json:"maxResults"`
}

type diagnostic struct {
	Severity string `json:"severity"`
	Code     string `json:"code"`
	Message  string `json:"message"`
	Location string `json:"location,omitempty"`
}

type validateOutput struct {
	Result      string       `json:"result"`
	Diagnostics []diagnostic `json:"diagnostics"`
	Truncated   bool         `json:"truncated"`
}

type listInput struct {
	StateMachineArn string `json:"stateMachineArn"`
	MaxResults      int    `json:"maxResults"`
	NextToken       string `json:"nextToken"`
}

type stateMachineListItem struct {
	StateMachineArn string    `json:"stateMachineArn"`
	Name            string    `json:"name"`
	Type            string    `json:"type"`
	CreationDate    epochTime `json:"creationDate"`
}

type versionListItem struct {
	StateMachineVersionArn string    `json:"stateMachineVersionArn"`
	CreationDate           epochTime `json:"creationDate"`
}

type publishInput struct {
	StateMachineArn string  `json:"stateMachineArn"`
	RevisionID      *string `json:"revisionId"`
	Description     string  `json:"description"`
}

type publishOutput struct {
	CreationDate           epochTime `json:"creationDate"`
	StateMachineVersionArn string    `json:"stateMachineVersionArn"`
}

// epochTime is a timestamp in the AWS JSON protocol's form: seconds since
// the Unix epoch as a JSON number with a fractional part.
type epochTime time.Time

func (t epochTime) MarshalJSON() ([]byte, error) {
	seconds := float64(time.Time(t).UnixMilli()) / 1000
	return []byte(strconv.FormatFloat(seconds, 'f', 3, 64)), nil
}
