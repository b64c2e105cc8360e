package azure

import (
	"fmt"
	"strings"
)

// importIDForm is the ARM resource ID form that ImportID accepts.
const importIDForm = "/subscriptions/{subscription ID}/resourceGroups/{resource group}/providers/Microsoft.Logic/workflows/{workflow name}"

// workflowID is the ARM resource ID of one workflow.
type workflowID struct {
	SubscriptionID string
	ResourceGroup  string
	Name           string
}

func (id workflowID) String() string {
	return fmt.Sprintf("/subscriptions/%s/resourceGroups/%s/providers/Microsoft.Logic/workflows/%s",
		id.SubscriptionID, id.ResourceGroup, id.Name)
}

// parseWorkflowID reads an ARM resource ID of a workflow. Segment names
// ("subscriptions", "resourceGroups", "providers", "Microsoft.Logic",
// "workflows") match case-insensitively, as ARM matches them.
func parseWorkflowID(id string) (workflowID, error) {
	segments := strings.Split(id, "/")
	names := []string{"", "subscriptions", "", "resourceGroups", "", "providers", "Microsoft.Logic", "workflows", ""}

	if len(segments) != len(names) || segments[0] != "" {
		return workflowID{}, invalidIDError(id)
	}

	for i, name := range names {
		if name != "" && !strings.EqualFold(segments[i], name) {
			return workflowID{}, invalidIDError(id)
		}
	}

	out := workflowID{SubscriptionID: segments[2], ResourceGroup: segments[4], Name: segments[8]}
	if out.SubscriptionID == "" || out.ResourceGroup == "" || out.Name == "" {
		return workflowID{}, invalidIDError(id)
	}

	return out, nil
}

func invalidIDError(id string) error {
	return fmt.Errorf("invalid Logic Apps workflow ID %q: use the ARM resource ID %s", id, importIDForm)
}

// ImportID checks an ARM resource ID of a Logic Apps workflow and returns it
// with the segment names in their canonical case.
func (d *Deployer) ImportID(id string) (string, error) {
	parsed, err := parseWorkflowID(strings.TrimSpace(id))
	if err != nil {
		return "", err
	}

	return parsed.String(), nil
}
