// Severity says whether a finding stops the work (an error) or is only worth knowing (a warning).
#pragma once

namespace flexform {

enum class Severity { error, warning };

}  // namespace flexform
