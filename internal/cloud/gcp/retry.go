package gcp

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/googleapis/gax-go/v2"
	"github.com/hashicorp/terraform-plugin-log/tflog"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/cloud"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// Retry bounds. With the default one-second base, transient errors are
// retried for about a minute and service account propagation for about
// two, after which the error is returned.
const (
	maxTransientRetries     = 6
	maxPropagationAttempts  = 8
	maxConsistentReads      = 10
	maxBackoffMultiple      = 30
	maxPollIntervalMultiple = 10
)

// callOptions retries RESOURCE_EXHAUSTED and UNAVAILABLE with exponential
// backoff, at most maxTransientRetries times, and logs every retry. The
// apiv1 client's default call options retry nothing, so every call,
// operation polls included, passes these.
func (d *Deployer) callOptions(ctx context.Context, call string) []gax.CallOption {
	return []gax.CallOption{gax.WithRetry(func() gax.Retryer {
		return &transientRetryer{
			ctx:  ctx,
			call: call,
			backoff: gax.Backoff{
				Initial:    d.cfg.PollInterval,
				Max:        maxBackoffMultiple * d.cfg.PollInterval,
				Multiplier: 2,
			},
		}
	})}
}

// transientRetryer is a gax.Retryer for throttling and unavailability.
type transientRetryer struct {
	ctx     context.Context
	call    string
	backoff gax.Backoff
	retries int
}

func (r *transientRetryer) Retry(err error) (time.Duration, bool) {
	code := status.Code(err)
	if code != codes.ResourceExhausted && code != codes.Unavailable {
		return 0, false
	}

	if r.retries == maxTransientRetries {
		tflog.Error(r.ctx, "Cloud Workflows call failed after retries", map[string]any{
			"call": r.call, "code": code.String(), "retries": r.retries, "error": err.Error(),
		})

		return 0, false
	}

	r.retries++
	pause := r.backoff.Pause()
	tflog.Warn(r.ctx, "Retrying Cloud Workflows call", map[string]any{
		"call": r.call, "code": code.String(), "attempt": r.retries, "pause": pause.String(), "error": err.Error(),
	})

	return pause, true
}

// isServiceAccountPropagation reports an error the service returns while
// a new grant of roles/iam.serviceAccountUser (or the service account
// itself) has not yet reached every IAM server.
//
// NOTE: the match is on the permission named in the message, "Permission
// 'iam.serviceAccounts.actAs' denied on service account ...", which the
// Workflows API returns for a missing grant. The exact wording during
// propagation was not observed on a real project.
func isServiceAccountPropagation(err error) bool {
	return status.Code(err) == codes.PermissionDenied && strings.Contains(err.Error(), "iam.serviceAccounts.actAs")
}

// retryPropagation runs call until it returns something other than a
// service account propagation error, at most maxPropagationAttempts
// times, and then explains what to check.
func (d *Deployer) retryPropagation(ctx context.Context, account string, call func() error) error {
	pause := d.cfg.PollInterval

	for attempt := 1; ; attempt++ {
		err := call()
		if err == nil || !isServiceAccountPropagation(err) {
			return err
		}

		if attempt == maxPropagationAttempts {
			tflog.Error(ctx, "Service account still cannot be used", map[string]any{"service_account": account, "attempts": attempt, "error": err.Error()})

			return fmt.Errorf("the service account %q still cannot be used after %d attempts: %w. Grant the deploying identity roles/iam.serviceAccountUser on that account and check that the account exists", account, attempt, err)
		}

		tflog.Warn(ctx, "Retrying while the service account grant propagates", map[string]any{
			"service_account": account, "attempt": attempt, "pause": pause.String(), "error": err.Error(),
		})

		if err := cloud.Sleep(ctx, pause); err != nil {
			return err
		}

		pause = min(2*pause, maxBackoffMultiple*d.cfg.PollInterval)
	}
}

// waitOperation polls a long-running operation until it is done. poll
// returns whether the operation is done and its error, if it failed.
func (d *Deployer) waitOperation(ctx context.Context, operation string, poll func() (bool, error)) error {
	pause := d.cfg.PollInterval
	tflog.Debug(ctx, "Waiting for Cloud Workflows operation", map[string]any{"operation": operation})

	for {
		done, err := poll()
		if err != nil {
			tflog.Error(ctx, "Cloud Workflows operation failed", map[string]any{"operation": operation, "error": err.Error()})
			return err
		}

		if done {
			tflog.Debug(ctx, "Cloud Workflows operation finished", map[string]any{"operation": operation})
			return nil
		}

		if err := cloud.Sleep(ctx, pause); err != nil {
			return fmt.Errorf("timed out waiting for operation %s: %w", operation, err)
		}

		pause = min(pause*3/2, maxPollIntervalMultiple*d.cfg.PollInterval)
	}
}

// createAttempts records whether any CreateWorkflow attempt of one Create
// call may have stored the workflow. An attempt that failed with
// UNAVAILABLE, DEADLINE_EXCEEDED, CANCELLED, INTERNAL or UNKNOWN may have
// reached the service and stored it before the response was lost. Any
// other code is the service rejecting the request before it stored
// anything.
type createAttempts struct {
	mayHaveCreated bool
}

// record wraps the retryer of options so that it receives the error of every
// attempt, the last one included.
func (a *createAttempts) record(options []gax.CallOption) []gax.CallOption {
	var settings gax.CallSettings
	for _, option := range options {
		option.Resolve(&settings)
	}

	newRetryer := settings.Retry
	return append(options, gax.WithRetry(func() gax.Retryer {
		var inner gax.Retryer
		if newRetryer != nil {
			inner = newRetryer()
		}

		return &recordingRetryer{attempts: a, inner: inner}
	}))
}

// recordingRetryer marks createAttempts before it lets inner decide
// whether to retry.
type recordingRetryer struct {
	attempts *createAttempts
	inner    gax.Retryer
}

func (r *recordingRetryer) Retry(err error) (time.Duration, bool) {
	switch status.Code(err) {
	case codes.Unavailable, codes.DeadlineExceeded, codes.Canceled, codes.Internal, codes.Unknown:
		r.attempts.mayHaveCreated = true
	}

	if r.inner == nil {
		return 0, false
	}

	return r.inner.Retry(err)
}
