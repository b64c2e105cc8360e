package aws

// Config is the provider-level `aws` block: where and as whom to call Step
// Functions. Empty fields fall back to the AWS SDK's usual sources
// (environment, shared config and credentials files, instance roles).
type Config struct {
	Region   string
	Profile  string
	Endpoint string // overrides the Step Functions endpoint (LocalStack, tests)
}

// Settings is the resource's `aws` block for one state machine.
type Settings struct {
	Region             string // overrides Config.Region for this workflow
	RoleARN            string
	Type               string // STANDARD or EXPRESS
	Logging            *Logging
	TracingEnabled     bool
	Encryption         *Encryption
	Publish            bool
	VersionDescription string
	Tags               map[string]string
}

// Logging mirrors the state machine's LoggingConfiguration.
type Logging struct {
	Level                string // ALL, ERROR, FATAL or OFF
	IncludeExecutionData bool
	LogGroupARN          string // must end in ":*"
}

// Encryption mirrors the state machine's EncryptionConfiguration.
type Encryption struct {
	Type                         string // AWS_OWNED_KEY or CUSTOMER_MANAGED_KMS_KEY
	KMSKeyID                     string
	KMSDataKeyReusePeriodSeconds int64
}
