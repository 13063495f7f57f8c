#include "engine/usecases/drift_use_case.h"

namespace flexform {

DriftOutcome check_drift(Provider& provider, const Clock& clock, const DesiredState& desired,
                         const DriftRequest& request, const Catalog& catalog) {
    PlanRequest plan_request = request.plan;
    plan_request.price = false;  // what differs does not depend on prices
    PlanOutcome planned = plan_program(provider, clock, desired, plan_request, catalog);
    DriftOutcome out;
    out.report = drift_from_plan(planned.plan, request.ignore, catalog);
    out.plan = std::move(planned.plan);
    out.requests = planned.requests;
    return out;
}

}  // namespace flexform
