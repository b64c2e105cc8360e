// Package aws deploys workflows as AWS Step Functions state machines through
// the official SDK (github.com/aws/aws-sdk-go-v2/service/sfn).
//
// Credentials come from the SDK's default chain (environment, shared config
// and credentials files with an optional profile, SSO, container and
// instance roles). The SDK's standard retryer handles throttling and 5xx
// responses with its defaults: 3 attempts per call and at most 20 s between
// attempts. On top of it the Deployer retries what the service reports while
// IAM propagates a new role, and it reads after each write until the
// service returns what was written, because Step Functions is eventually
// consistent.
package aws

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/sfn"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/cloud"
)

// Default bounds of the Deployer's own waits.
const (
	// DefaultRolePropagationTimeout caps the retries while the service
	// cannot assume the role yet. Two minutes is an estimate of IAM
	// propagation delay. It lets a role that really lacks a permission fail
	// well before a five-minute create timeout.
	DefaultRolePropagationTimeout = 2 * time.Minute

	// DefaultConsistencyTimeout caps the reads after a create or an update
	// that wait until the service returns what was written.
	DefaultConsistencyTimeout = 2 * time.Minute

	// DefaultDeleteTimeout caps the wait for a deleted state machine to
	// disappear when the context has no deadline of its own.
	DefaultDeleteTimeout = 5 * time.Minute

	// DefaultPollInterval is the delay between those retries and reads.
	DefaultPollInterval = 2 * time.Second
)

// Deployer manages Step Functions state machines. It implements
// cloud.Deployer. The exported fields may be changed after New and before
// the first call, for example to shorten waits in tests.
type Deployer struct {
	RolePropagationTimeout time.Duration
	ConsistencyTimeout     time.Duration
	DeleteTimeout          time.Duration
	PollInterval           time.Duration

	// MaxBackoff caps the SDK retryer's delay between two attempts of one
	// call. Zero keeps the SDK default (20 s).
	MaxBackoff time.Duration

	endpoint string
	base     awssdk.Config

	mu      sync.Mutex
	clients map[string]*sfn.Client // keyed by region
}

var _ cloud.Deployer = (*Deployer)(nil)

// New loads the AWS configuration (region, profile and credential sources)
// for cfg. Credentials are resolved on the first call, not here.
func New(ctx context.Context, cfg Config) (*Deployer, error) {
	var options []func(*config.LoadOptions) error
	if cfg.Region != "" {
		options = append(options, config.WithRegion(cfg.Region))
	}

	if cfg.Profile != "" {
		options = append(options, config.WithSharedConfigProfile(cfg.Profile))
	}

	base, err := config.LoadDefaultConfig(ctx, options...)
	if err != nil {
		return nil, fmt.Errorf("loading the AWS configuration: %w", err)
	}

	return &Deployer{
		RolePropagationTimeout: DefaultRolePropagationTimeout,
		ConsistencyTimeout:     DefaultConsistencyTimeout,
		DeleteTimeout:          DefaultDeleteTimeout,
		PollInterval:           DefaultPollInterval,
		endpoint:               cfg.Endpoint,
		base:                   base,
		clients:                map[string]*sfn.Client{},
	}, nil
}

// DefaultRegion returns the region that the provider's aws block or the
// AWS SDK's configuration sources (environment, shared config) give, or ""
// when none does.
func (d *Deployer) DefaultRegion() string {
	return d.base.Region
}

// client returns the Step Functions client for region, or for the
// provider's region when region is empty. Clients are built once per region.
func (d *Deployer) client(region string) (*sfn.Client, error) {
	if region == "" {
		region = d.base.Region
	}

	if region == "" {
		return nil, errors.New("no AWS region is configured: set region in the provider's aws block or in the resource's aws settings, or set AWS_REGION")
	}

	d.mu.Lock()
	defer d.mu.Unlock()

	if c, ok := d.clients[region]; ok {
		return c, nil
	}

	c := sfn.NewFromConfig(d.base, func(o *sfn.Options) {
		o.Region = region
		if d.endpoint != "" {
			o.BaseEndpoint = awssdk.String(d.endpoint)
		}

		o.Retryer = retry.NewStandard(func(so *retry.StandardOptions) {
			if d.MaxBackoff > 0 {
				so.MaxBackoff = d.MaxBackoff
			}
		})

		o.APIOptions = append(o.APIOptions, addAttemptLogging)
	})

	d.clients[region] = c
	return c, nil
}

// settingsOf returns the workflow's AWS settings. A nil Settings means all
// defaults, which still fails CheckSettings because a role is required.
func settingsOf(w cloud.Workflow) (*Settings, error) {
	switch s := w.Settings.(type) {
	case *Settings:
		if s == nil {
			return &Settings{}, nil
		}
		return s, nil
	case nil:
		return &Settings{}, nil
	default:
		return nil, fmt.Errorf("internal error: the AWS deployer received settings of type %T, not *aws.Settings", w.Settings)
	}
}
