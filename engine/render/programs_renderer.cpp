// A plan across several programs: each program's section rendered as a plan of its own, then the total of them.
// The total adds up the figures the sections show (rounded to the hundredth, as shown), so a reader's sum agrees.
#include <cmath>
#include <sstream>

#include <nlohmann/json.hpp>

#include "engine/render/escape.h"
#include "engine/render/render.h"

namespace flexform {

namespace {

using ojson = nlohmann::ordered_json;

double round2(double value) {
    return std::round(value * 100.0) / 100.0;
}

struct SectionFigures {
    std::string name;
    std::string serial;
    double before = 0.0;
    double after = 0.0;
    bool complete = true;
};

struct Totals {
    std::vector<SectionFigures> sections;
    double before = 0.0;
    double after = 0.0;
    bool complete = true;  // false when a section read only the changed accounts (plan --changed-since)
    double delta() const { return round2(after - before); }
};

Totals totals_of(const std::vector<ProgramPlan>& sections) {
    Totals out;
    for (const auto& section : sections) {
        const PlanSummary s = summarize(section.plan);
        SectionFigures figures{section.name, section.plan.program_serial, round2(s.per_day_before),
                               round2(s.per_day_after), s.totals_complete};
        out.before += figures.before;
        out.after += figures.after;
        out.complete = out.complete && figures.complete;
        out.sections.push_back(figures);
    }
    out.before = round2(out.before);
    out.after = round2(out.after);
    return out;
}

RenderOptions section_options(const RenderOptions& options, const ProgramPlan& section) {
    RenderOptions out = options;
    out.program_name = section.name;
    return out;
}

std::string figures_line(double before, double after) {
    return format_points(before) + " -> " + format_points(after) + " points/day (" +
           format_points(round2(after - before), true) + "/day)";
}

std::string total_label(const Totals& totals) {
    return totals.complete ? "All programs" : "All programs, changed customers only";
}

}  // namespace

std::string render_text(const std::vector<ProgramPlan>& sections, const RenderOptions& options) {
    std::ostringstream out;
    for (const auto& section : sections) {
        write_text(section.plan, out, section_options(options, section));
        out << "\n";
    }
    if (sections.size() < 2) {
        return out.str();  // --program: the section's own totals are the run's
    }
    const Totals totals = totals_of(sections);
    out << "Programs:\n";
    for (const auto& s : totals.sections) {
        out << "  " << terminal_text(s.name) << " (" << terminal_text(s.serial) << "): " << figures_line(s.before, s.after)
            << "\n";
    }
    out << total_label(totals) << ": " << figures_line(totals.before, totals.after) << ", "
        << format_points(totals.delta() * 30.0, true) << " per 30-day month, "
        << format_points(totals.delta() * 365.0, true) << " per year\n";
    return out.str();
}

std::string render_markdown(const std::vector<ProgramPlan>& sections, const RenderOptions& options) {
    const std::string marker = "<!-- flexform-plan -->\n";
    std::string out = marker;
    RenderOptions each = options;
    each.markdown_limit = sections.empty() ? options.markdown_limit : options.markdown_limit / (sections.size() + 1);
    for (const auto& section : sections) {
        std::string text = render_markdown(section.plan, section_options(each, section));
        if (text.compare(0, marker.size(), marker) == 0) {
            text.erase(0, marker.size());  // one marker per comment: the bot finds the comment it updates by it
        }
        out += text + "\n";
    }
    if (sections.size() < 2) {
        return out;
    }
    const Totals totals = totals_of(sections);
    // The per-month and per-year figures of the text's total line, in columns of their own.
    out += "### " + total_label(totals) +
           "\n\n| Program | Serial | Points/day before | Points/day after | Delta/day | Delta per 30-day month | "
           "Delta per year |\n|---|---|--:|--:|--:|--:|--:|\n";
    for (const auto& s : totals.sections) {
        const double delta = round2(s.after - s.before);
        out += "| " + markdown_code_span(s.name) + " | " + markdown_code_span(s.serial) + " | " +
               format_points(s.before) + " | " + format_points(s.after) + " | " + format_points(delta, true) + " | " +
               format_points(delta * 30.0, true) + " | " + format_points(delta * 365.0, true) + " |\n";
    }
    out += "| **Total** | | **" + format_points(totals.before) + "** | **" + format_points(totals.after) +
           "** | **" + format_points(totals.delta(), true) + "** | **" + format_points(totals.delta() * 30.0, true) +
           "** | **" + format_points(totals.delta() * 365.0, true) + "** |\n";
    return out;
}

std::string render_json(const std::vector<ProgramPlan>& sections, const RenderOptions& options) {
    ojson programs = ojson::array();
    for (const auto& section : sections) {
        programs.push_back(ojson::parse(render_json(section.plan, section_options(options, section))));
    }
    const Totals totals = totals_of(sections);
    ojson by_program = ojson::array();
    for (const auto& s : totals.sections) {
        by_program.push_back({{"program_name", s.name},
                              {"program_serial_number", s.serial},
                              {"per_day_before", s.before},
                              {"per_day_after", s.after},
                              {"delta_per_day", round2(s.after - s.before)}});
    }
    const Plan* first = sections.empty() ? nullptr : &sections.front().plan;
    const ojson document = {
        {"format_version", first ? first->format_version : k_plan_format_version},
        {"flexform_version", first ? first->flexform_version : std::string()},
        {"created_at", first ? first->created_at : std::string()},
        {"programs", programs},
        {"total",
         {{"per_day_before", totals.before},
          {"per_day_after", totals.after},
          {"delta_per_day", totals.delta()},
          {"delta_per_month", round2(totals.delta() * 30.0)},
          {"delta_per_year", round2(totals.delta() * 365.0)},
          {"totals_complete", totals.complete},
          {"by_program", by_program}}},
    };
    return document.dump(2) + "\n";
}

}  // namespace flexform
