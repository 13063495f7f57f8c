#include "engine/apply/applier.h"

#include <algorithm>
#include <cstdio>
#include <stdexcept>
#include <map>
#include <mutex>

#include "engine/model/parallel.h"

namespace flexform {

std::string_view to_string(OutcomeStatus status) {
    switch (status) {
        case OutcomeStatus::done:
            return "done";
        case OutcomeStatus::failed:
            return "failed";
        case OutcomeStatus::not_attempted:
            return "not attempted";
    }
    return "unknown";
}

int ApplyResult::count(OutcomeStatus status) const {
    return static_cast<int>(std::count_if(outcomes.begin(), outcomes.end(),
                                          [status](const ActionOutcome& o) { return o.status == status; }));
}

namespace {

class Executor {
public:
    Executor(const Plan& plan, Provider& provider, const ApplyOptions& options)
        : m_plan(plan),
          m_provider(provider),
          m_options(options),
          m_catalog(options.catalog ? *options.catalog : builtin_catalog()) {}

    ApplyResult run() {
        ApplyResult result;
        result.outcomes.resize(m_plan.changes.size());
        for (std::size_t i = 0; i < m_plan.changes.size(); ++i) {
            result.outcomes[i].index = i;
        }
        std::map<int, std::vector<std::size_t>> stages;
        for (std::size_t i = 0; i < m_plan.changes.size(); ++i) {
            stages[stage(m_plan.changes[i].action)].push_back(i);
        }
        bool failed = false;
        for (auto& [number, indexes] : stages) {
            if (failed) {
                break;  // everything later stays not attempted
            }
            std::mutex mutex;
            for_each_bounded(indexes, m_options.parallelism, [&](std::size_t index) {
                ActionOutcome outcome = execute(index);
                std::lock_guard lock(mutex);
                failed = failed || outcome.status == OutcomeStatus::failed;
                result.outcomes[index] = outcome;
                if (m_options.on_outcome) {
                    m_options.on_outcome(outcome);
                }
            });
        }
        for (auto& outcome : result.outcomes) {
            if (outcome.status == OutcomeStatus::not_attempted && m_options.on_outcome) {
                m_options.on_outcome(outcome);
            }
        }
        return result;
    }

private:
    double now() const { return m_options.seconds_now ? m_options.seconds_now() : 0.0; }

    void say(const std::string& line) {
        if (m_options.progress) {
            std::lock_guard lock(m_say_mutex);
            m_options.progress(line);
        }
    }

    std::optional<std::int64_t> config_of(const Change& change) {
        if (change.config_id) {
            return change.config_id;
        }
        std::lock_guard lock(m_ids_mutex);
        const auto it = m_created.find(change.customer + "/" + change.config_name);
        return it == m_created.end() ? std::nullopt : std::optional<std::int64_t>(it->second);
    }

    std::optional<std::int64_t> target_of(const Change& change) {
        if (change.target_config_id) {
            return change.target_config_id;
        }
        std::lock_guard lock(m_ids_mutex);
        const auto it = m_created.find(change.target_config_address);
        return it == m_created.end() ? std::nullopt : std::optional<std::int64_t>(it->second);
    }

    ActionOutcome execute(std::size_t index) {
        const Change& c = m_plan.changes[index];
        ActionOutcome outcome;
        outcome.index = index;
        const std::string label =
            std::string(1, symbol(c.action)) + " " + c.address + " " + std::string(to_string(c.action));
        const double start = now();
        say(label + ": started");
        try {
            perform(c, outcome);
            outcome.status = OutcomeStatus::done;
        } catch (const std::exception& e) {
            outcome.status = OutcomeStatus::failed;
            outcome.error = e.what();
        }
        outcome.seconds = now() - start;
        char elapsed[32];
        std::snprintf(elapsed, sizeof elapsed, "%.2f s", outcome.seconds);
        say(label + ": " + std::string(to_string(outcome.status)) + " (" + elapsed + ")" +
            (outcome.error.empty() ? "" : ": " + outcome.error));
        return outcome;
    }

    std::int64_t require_config(const Change& c) {
        const auto id = config_of(c);
        if (!id) {
            throw std::runtime_error("configuration " + c.customer + "/" + c.config_name + " was not created");
        }
        return *id;
    }

    void perform(const Change& c, ActionOutcome& outcome) {
        switch (c.action) {
            case ActionKind::create_config: {
                const LiveConfig created = m_provider.create_config(m_plan.program_serial, c.account_id, c.config_name,
                                                                    c.product_id, c.parameters);
                outcome.config_id = created.id;
                std::lock_guard lock(m_ids_mutex);
                m_created[c.address] = created.id;
                return;
            }
            case ActionKind::update_config:
                m_provider.update_config(require_config(c), c.config_name, c.product_id, c.parameters);
                return;
            case ActionKind::enable_config:
                m_provider.set_config_active(require_config(c), true);
                return;
            case ActionKind::disable_config:
                m_provider.set_config_active(require_config(c), false);
                return;
            case ActionKind::create_entitlements: {
                const std::int64_t config = require_config(c);
                const ProductType* product = m_catalog.find_by_id(c.product_id);
                const FormFactor form = product ? product->form_factor : FormFactor::hardware;
                if (form == FormFactor::hardware) {
                    for (const auto& e : m_provider.create_hardware_entitlements(config, c.serials, c.end_date)) {
                        outcome.serials.push_back(e.serial);
                    }
                    for (const auto& [serial, description] : c.serial_descriptions) {
                        m_provider.update_entitlement(serial, config, description, std::nullopt);
                    }
                } else if (form == FormFactor::vm) {
                    VmRequest request;
                    request.config_id = config;
                    request.count = c.count;
                    request.description = c.description.value_or("");
                    request.folder_path = c.folder_path;
                    request.end_date = c.end_date;
                    request.skip_pending = c.skip_pending;
                    for (const auto& e : m_provider.create_vm_entitlements(request)) {
                        outcome.serials.push_back(e.serial);
                    }
                } else {
                    outcome.serials.push_back(
                        m_provider
                            .create_cloud_entitlement(config, c.end_date, c.description.value_or(""), c.folder_path)
                            .serial);
                }
                return;
            }
            case ActionKind::update_entitlement: {
                const auto target = target_of(c);
                if (!target) {
                    throw std::runtime_error("target configuration " + c.target_config_address + " was not created");
                }
                m_provider.update_entitlement(*c.serial, *target, c.description.value_or(""), c.end_date);
                outcome.serials.push_back(*c.serial);
                return;
            }
            case ActionKind::reactivate:
                m_provider.reactivate_entitlement(*c.serial);
                outcome.serials.push_back(*c.serial);
                return;
            case ActionKind::stop:
                m_provider.stop_entitlement(*c.serial);
                outcome.serials.push_back(*c.serial);
                return;
        }
    }

    const Plan& m_plan;
    Provider& m_provider;
    const ApplyOptions& m_options;
    const Catalog& m_catalog;
    std::mutex m_ids_mutex;
    std::mutex m_say_mutex;
    std::map<std::string, std::int64_t> m_created;  // config address -> id created in this run
};

}  // namespace

ApplyResult apply_plan(const Plan& plan, Provider& provider, const ApplyOptions& options) {
    return Executor(plan, provider, options).run();
}

}  // namespace flexform
