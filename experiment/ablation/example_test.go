package ablation_test

import (
	"fmt"

	"github.com/cortexrnn/cortexrnn/experiment"
	"github.com/cortexrnn/cortexrnn/experiment/ablation"
)

// Plan the ablation of the coordinate correction from the reference
// preset: only the variants with real distances (D*) are retrained; the
// others keep the reference sweep's runs.
func ExamplePlanOne() {
	base := experiment.ReferenceConfig()
	plan, err := ablation.PlanOne(&base, "ReshapeCoordinates", nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("trained:", plan.Trained)
	fmt.Println("reused: ", plan.Reused)
	fmt.Println("runs trained:", plan.TrainedRuns())
	// Output:
	// trained: [W*D*C WD*C WD* W*D*C* WD*C* W!D*C W!D*C*]
	// reused:  [WDC WD W W*DC*]
	// runs trained: 420
}
