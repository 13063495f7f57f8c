#include "engine/manifest/yaml_sharing.h"

#include <yaml-cpp/eventhandler.h>

#include <algorithm>
#include <map>
#include <set>
#include <sstream>
#include <string>

namespace flexform {

namespace {

// Deeper than any manifest; a tree this deep is refused rather than walked.
constexpr int k_max_depth = 64;

struct Overrun {
    YAML::Mark mark;
};

// Counts the values a text expands to: an alias adds the size its anchor had. Throws Overrun at the alias that
// crosses the limit.
class ExpansionCounter : public YAML::EventHandler {
public:
    explicit ExpansionCounter(std::size_t limit) : m_limit(limit) {}

    void OnDocumentStart(const YAML::Mark&) override {}
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override { leaf(mark, anchor); }
    void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
        const auto it = m_anchor_sizes.find(anchor);
        add(mark, it != m_anchor_sizes.end() ? it->second : 1);
    }
    void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor, const std::string&) override {
        leaf(mark, anchor);
    }
    void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                         YAML::EmitterStyle::value) override {
        open(mark, anchor);
    }
    void OnSequenceEnd() override { close(); }
    void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                    YAML::EmitterStyle::value) override {
        open(mark, anchor);
    }
    void OnMapEnd() override { close(); }

private:
    struct Open {
        YAML::anchor_t anchor;
        std::size_t total_at_start;  // a node's size is what the total grew by while it was open
    };

    void add(const YAML::Mark& mark, std::size_t n) {
        m_total += n;
        if (m_total > m_limit) {
            throw Overrun{mark};
        }
    }
    void leaf(const YAML::Mark& mark, YAML::anchor_t anchor) {
        if (anchor != YAML::NullAnchor) {
            m_anchor_sizes[anchor] = 1;
        }
        add(mark, 1);
    }
    void open(const YAML::Mark& mark, YAML::anchor_t anchor) {
        m_open.push_back({anchor, m_total});
        add(mark, 1);
    }
    void close() {
        if (m_open.empty()) {
            return;
        }
        const Open frame = m_open.back();
        m_open.pop_back();
        if (frame.anchor != YAML::NullAnchor) {
            m_anchor_sizes[frame.anchor] = m_total - frame.total_at_start;
        }
    }

    std::size_t m_limit;
    std::size_t m_total = 0;
    std::vector<Open> m_open;
    std::map<YAML::anchor_t, std::size_t> m_anchor_sizes;
};

bool is_merge_key(const YAML::Node& key) {
    return key.IsScalar() && key.Scalar() == "<<" && key.Tag() != "!";  // a quoted "<<" is a plain key
}

void merge_into(YAML::Node node, const std::string& path, NodeReader& reader, int depth) {
    if (depth > k_max_depth) {
        return;
    }
    if (node.IsSequence()) {
        std::size_t index = 0;
        for (auto item : node) {
            merge_into(item, index_path(path, index++), reader, depth + 1);
        }
        return;
    }
    if (!node.IsMap()) {
        return;
    }
    YAML::Node merge_key(YAML::NodeType::Undefined);
    YAML::Node merged(YAML::NodeType::Undefined);
    std::set<std::string> own;
    for (const auto& entry : node) {
        if (is_merge_key(entry.first) && !merge_key.IsDefined()) {
            merge_key.reset(entry.first);
            merged.reset(entry.second);
        } else if (entry.first.IsScalar()) {
            own.insert(entry.first.Scalar());
        }
    }
    if (merge_key.IsDefined()) {
        std::vector<YAML::Node> sources;
        if (merged.IsMap()) {
            sources.push_back(merged);
        } else if (merged.IsSequence()) {
            for (const auto& item : merged) {
                sources.push_back(item);
            }
        }
        const bool all_maps = !sources.empty() && std::all_of(sources.begin(), sources.end(),
                                                              [](const YAML::Node& n) { return n.IsMap(); });
        node.remove(merge_key);
        if (!all_maps) {
            reader.error(merged, join_path(path, "<<"),
                         "a merge key takes a mapping or a list of mappings (<<: *base), got " + describe_node(merged));
            sources.clear();
        }
        for (const auto& source : sources) {
            merge_into(source, path, reader, depth + 1);
            for (const auto& entry : source) {
                if (entry.first.IsScalar() && own.insert(entry.first.Scalar()).second) {
                    node.force_insert(entry.first, entry.second);
                }
            }
        }
    }
    for (const auto& entry : node) {
        if (entry.first.IsScalar()) {
            merge_into(entry.second, join_path(path, entry.first.Scalar()), reader, depth + 1);
        }
    }
}

}  // namespace

std::optional<AliasOverrun> alias_overrun(std::string_view text, std::size_t limit) {
    std::istringstream in{std::string(text)};
    try {
        YAML::Parser parser(in);
        ExpansionCounter counter(limit);
        while (parser.HandleNextDocument(counter)) {
        }
    } catch (const Overrun& overrun) {
        return AliasOverrun{overrun.mark.line + 1, overrun.mark.column + 1};
    } catch (const YAML::Exception&) {
        return std::nullopt;  // not YAML: loading it says where
    }
    return std::nullopt;
}

void merge_keys(YAML::Node node, NodeReader& reader) {
    merge_into(std::move(node), "", reader, 0);
}

}  // namespace flexform
