package aws

import (
	"maps"
	"slices"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	"github.com/aws/aws-sdk-go-v2/service/sfn/types"
)

// loggingConfiguration returns the SDK form of l. A nil l becomes level
// OFF, so that an update removes logging the user removed.
func loggingConfiguration(l *Logging) *types.LoggingConfiguration {
	out := &types.LoggingConfiguration{Level: types.LogLevel(logLevel(l))}
	if l == nil {
		return out
	}

	out.IncludeExecutionData = l.IncludeExecutionData
	if l.LogGroupARN != "" {
		out.Destinations = []types.LogDestination{{
			CloudWatchLogsLogGroup: &types.CloudWatchLogsLogGroup{LogGroupArn: awssdk.String(l.LogGroupARN)},
		}}
	}

	return out
}

// encryptionConfiguration returns the SDK form of e. A nil e becomes the
// service default, an AWS owned key.
func encryptionConfiguration(e *Encryption) *types.EncryptionConfiguration {
	if e == nil || e.Type == "" && e.KMSKeyID == "" {
		return &types.EncryptionConfiguration{Type: types.EncryptionTypeAwsOwnedKey}
	}

	out := &types.EncryptionConfiguration{Type: types.EncryptionType(e.Type)}
	if e.KMSKeyID != "" {
		out.KmsKeyId = awssdk.String(e.KMSKeyID)
	}

	if e.KMSDataKeyReusePeriodSeconds != 0 {
		out.KmsDataKeyReusePeriodSeconds = awssdk.Int32(int32(e.KMSDataKeyReusePeriodSeconds))
	}

	return out
}

func tagList(tags map[string]string) []types.Tag {
	var out []types.Tag
	for _, key := range slices.Sorted(maps.Keys(tags)) {
		out = append(out, types.Tag{Key: awssdk.String(key), Value: awssdk.String(tags[key])})
	}

	return out
}

func createInput(name, definition string, s *Settings) *sfn.CreateStateMachineInput {
	in := &sfn.CreateStateMachineInput{
		Name:                    awssdk.String(name),
		Definition:              awssdk.String(definition),
		RoleArn:                 awssdk.String(s.RoleARN),
		Type:                    types.StateMachineType(stateMachineType(s)),
		LoggingConfiguration:    loggingConfiguration(s.Logging),
		TracingConfiguration:    &types.TracingConfiguration{Enabled: s.TracingEnabled},
		EncryptionConfiguration: encryptionConfiguration(s.Encryption),
		Tags:                    tagList(s.Tags),
		Publish:                 s.Publish,
	}

	if s.Publish && s.VersionDescription != "" {
		in.VersionDescription = awssdk.String(s.VersionDescription)
	}

	return in
}

// settingsFromDescribe converts what DescribeStateMachine returned.
// Configurations at their service defaults (logging OFF, tracing off, AWS
// owned key) come back as nil or false, so that a resource that never set
// them reads back unchanged. Publish and VersionDescription are options of
// a write, not stored state: they stay empty.
func settingsFromDescribe(out *sfn.DescribeStateMachineOutput, tags map[string]string) *Settings {
	s := &Settings{
		RoleARN: awssdk.ToString(out.RoleArn),
		Type:    string(out.Type),
		Logging: loggingFromSDK(out.LoggingConfiguration),
		Tags:    tags,
	}

	if out.TracingConfiguration != nil {
		s.TracingEnabled = out.TracingConfiguration.Enabled
	}

	s.Encryption = encryptionFromSDK(out.EncryptionConfiguration)
	return s
}

func loggingFromSDK(c *types.LoggingConfiguration) *Logging {
	if c == nil {
		return nil
	}

	l := &Logging{Level: string(c.Level), IncludeExecutionData: c.IncludeExecutionData}
	if len(c.Destinations) > 0 && c.Destinations[0].CloudWatchLogsLogGroup != nil {
		l.LogGroupARN = awssdk.ToString(c.Destinations[0].CloudWatchLogsLogGroup.LogGroupArn)
	}

	if logLevel(l) == "OFF" && l.LogGroupARN == "" && !l.IncludeExecutionData {
		return nil
	}

	return l
}

func encryptionFromSDK(c *types.EncryptionConfiguration) *Encryption {
	if c == nil || c.Type == types.EncryptionTypeAwsOwnedKey && c.KmsKeyId == nil {
		return nil
	}

	e := &Encryption{Type: string(c.Type), KMSKeyID: awssdk.ToString(c.KmsKeyId)}
	if c.KmsDataKeyReusePeriodSeconds != nil {
		e.KMSDataKeyReusePeriodSeconds = int64(*c.KmsDataKeyReusePeriodSeconds)
	}

	return e
}

// sameLogging compares logging settings with the service defaults applied.
func sameLogging(a, b *Logging) bool {
	if logLevel(a) != logLevel(b) {
		return false
	}

	var ax, bx Logging
	if a != nil {
		ax = *a
	}

	if b != nil {
		bx = *b
	}

	return ax.IncludeExecutionData == bx.IncludeExecutionData && ax.LogGroupARN == bx.LogGroupARN
}

// sameEncryption compares encryption settings with the service defaults
// applied. A reuse period of zero on either side means "the service
// default" and matches any period.
func sameEncryption(a, b *Encryption) bool {
	ea, eb := encryptionConfiguration(a), encryptionConfiguration(b)
	pa, pb := awssdk.ToInt32(ea.KmsDataKeyReusePeriodSeconds), awssdk.ToInt32(eb.KmsDataKeyReusePeriodSeconds)

	return ea.Type == eb.Type &&
		awssdk.ToString(ea.KmsKeyId) == awssdk.ToString(eb.KmsKeyId) &&
		(pa == 0 || pb == 0 || pa == pb)
}
