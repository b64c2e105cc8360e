package provider

import (
	"context"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/cloud"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/cloud/aws"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/cloud/azure"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/cloud/gcp"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/translate"
)

// cloudClients builds each cloud's deployer on first use, so that a
// configuration targeting one cloud never looks up another cloud's
// credentials.
type cloudClients struct {
	aws   aws.Config
	gcp   gcp.Config
	azure azure.Config

	awsPollInterval time.Duration

	// partial is true when some provider settings are known only at apply,
	// so a default missing now may still arrive.
	partial bool

	mu        sync.Mutex
	deployers map[translate.Target]cloud.Deployer
}

func newCloudClients(m providerModel) *cloudClients {
	c := &cloudClients{deployers: map[translate.Target]cloud.Deployer{}}

	if m.AWS != nil {
		c.aws = aws.Config{
			Region:   m.AWS.Region.ValueString(),
			Profile:  m.AWS.Profile.ValueString(),
			Endpoint: m.AWS.Endpoint.ValueString(),
		}
		c.awsPollInterval = durationOf(m.AWS.PollInterval)
	}

	if m.GCP != nil {
		c.gcp = gcp.Config{
			Project:          m.GCP.Project.ValueString(),
			Location:         m.GCP.Location.ValueString(),
			Endpoint:         m.GCP.Endpoint.ValueString(),
			AccessToken:      m.GCP.AccessToken.ValueString(),
			Insecure:         m.GCP.Insecure.ValueBool(),
			CACertificatePEM: m.GCP.CACertificate.ValueString(),
			PollInterval:     durationOf(m.GCP.PollInterval),
		}
	}

	if m.Azure != nil {
		c.azure = azure.Config{
			SubscriptionID:   m.Azure.SubscriptionID.ValueString(),
			ResourceGroup:    m.Azure.ResourceGroup.ValueString(),
			Location:         m.Azure.Location.ValueString(),
			TenantID:         m.Azure.TenantID.ValueString(),
			Environment:      m.Azure.Environment.ValueString(),
			Endpoint:         m.Azure.Endpoint.ValueString(),
			AuthorityHost:    m.Azure.AuthorityHost.ValueString(),
			CACertificatePEM: m.Azure.CACertificate.ValueString(),
			PollInterval:     durationOf(m.Azure.PollInterval),
		}
	}

	return c
}

// deployer returns the target's deployer, building it on the first call.
// A failed build is not cached, so a later call can succeed once the
// environment is fixed.
func (c *cloudClients) deployer(ctx context.Context, t translate.Target) (cloud.Deployer, error) {
	c.mu.Lock()
	defer c.mu.Unlock()

	if d, ok := c.deployers[t]; ok {
		return d, nil
	}

	d, err := c.build(ctx, t)
	if err != nil {
		return nil, err
	}

	c.deployers[t] = d

	return d, nil
}

func (c *cloudClients) build(ctx context.Context, t translate.Target) (cloud.Deployer, error) {
	switch t {
	case translate.GCP:
		return gcp.New(ctx, c.gcp)
	case translate.Azure:
		return azure.New(ctx, c.azure)
	}

	d, err := aws.New(ctx, c.aws)
	if err != nil {
		return nil, err
	}

	if c.awsPollInterval > 0 {
		d.PollInterval = c.awsPollInterval
	}

	return d, nil
}

// durationOf reads a duration that durationValidator has already checked;
// an empty value means the deployer's default.
func durationOf(v types.String) time.Duration {
	d, _ := time.ParseDuration(v.ValueString())

	return d
}
