// What a --db string is (a PostgreSQL URL, a libpq keyword string or a SQLite path), and hiding its secrets in
// every message: the userinfo password, a `password=` in a URL's query or in keywords, and the same values
// wherever libpq repeats them in its own error text.
#include <libpq-fe.h>

#include <cctype>
#include <memory>
#include <vector>

#include "providers/store/store.h"

namespace flexform {

namespace {

constexpr const char* k_mask = "***";

bool is_uri(const std::string& text) {
    return text.rfind("postgresql://", 0) == 0 || text.rfind("postgres://", 0) == 0;
}

// `word =` at the start or after a space: libpq's keyword syntax, never part of a plausible file name.
bool has_keyword_syntax(const std::string& text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        const bool starts_word = i == 0 || std::isspace(static_cast<unsigned char>(text[i - 1]));
        if (!starts_word || !std::isalpha(static_cast<unsigned char>(text[i]))) {
            continue;
        }
        std::size_t j = i;
        while (j < text.size() && (std::isalnum(static_cast<unsigned char>(text[j])) || text[j] == '_')) {
            ++j;
        }
        while (j < text.size() && std::isspace(static_cast<unsigned char>(text[j]))) {
            ++j;
        }
        if (j < text.size() && text[j] == '=') {
            return true;
        }
    }
    return false;
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

std::string percent_decoded(const std::string& text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 && hex_value(text[i + 2]) >= 0) {
            out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

// A span of the text to hide.
struct Span {
    std::size_t begin = 0;
    std::size_t end = 0;
};

// The userinfo password and every `password=` value of a URI's query.
std::vector<Span> uri_secrets(const std::string& url) {
    std::vector<Span> spans;
    const std::size_t authority = url.find("://") + 3;
    const std::size_t authority_end = std::min(url.find_first_of("/?", authority), url.size());
    const std::size_t at = url.rfind('@', authority_end == 0 ? 0 : authority_end - 1);
    if (at != std::string::npos && at >= authority && at < authority_end) {
        const std::size_t colon = url.find(':', authority);
        if (colon != std::string::npos && colon < at) {
            spans.push_back({colon + 1, at});
        }
    }
    const std::size_t query = url.find('?', authority);
    for (std::size_t start = query; start != std::string::npos && start < url.size();) {
        const std::size_t end = std::min(url.find('&', start + 1), url.size());
        const std::string pair = url.substr(start + 1, end - start - 1);
        if (pair.rfind("password=", 0) == 0) {
            spans.push_back({start + 1 + 9, end});
        }
        start = end < url.size() ? end : std::string::npos;
    }
    return spans;
}

// Every `password = value` of a keyword string; a quoted value is hidden with its quotes.
std::vector<Span> keyword_secrets(const std::string& text) {
    std::vector<Span> spans;
    std::size_t i = 0;
    const auto skip_space = [&] {
        while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) {
            ++i;
        }
    };
    while (i < text.size()) {
        skip_space();
        const std::size_t key_start = i;
        while (i < text.size() && text[i] != '=' && !std::isspace(static_cast<unsigned char>(text[i]))) {
            ++i;
        }
        const std::string key = text.substr(key_start, i - key_start);
        skip_space();
        if (i >= text.size() || text[i] != '=') {
            break;
        }
        ++i;
        skip_space();
        const std::size_t value_start = i;
        if (i < text.size() && text[i] == '\'') {
            for (++i; i < text.size() && text[i] != '\''; ++i) {
                if (text[i] == '\\') {
                    ++i;
                }
            }
            i = std::min(i + 1, text.size());
        } else {
            while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i]))) {
                if (text[i] == '\\') {
                    ++i;
                }
                ++i;
            }
            i = std::min(i, text.size());
        }
        if (key == "password") {
            spans.push_back({value_start, i});
        }
    }
    return spans;
}

std::vector<Span> secrets_of(const std::string& url) {
    return url.find("://") != std::string::npos ? uri_secrets(url) : keyword_secrets(url);
}

std::string masked(const std::string& text, const std::vector<Span>& spans) {
    std::string out;
    std::size_t from = 0;
    for (const auto& s : spans) {
        if (s.begin < from || s.end < s.begin) {
            continue;
        }
        out += text.substr(from, s.begin - from) + k_mask;
        from = s.end;
    }
    return out + text.substr(std::min(from, text.size()));
}

void replace_all(std::string& text, const std::string& what, const std::string& with) {
    if (what.empty()) {
        return;
    }
    for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + with.size())) {
        text.replace(at, what.size(), with);
    }
}

// The password as libpq understood it, when the string parses.
std::string parsed_password(const std::string& url) {
    char* error = nullptr;
    PQconninfoOption* options = PQconninfoParse(url.c_str(), &error);
    PQfreemem(error);
    std::string password;
    for (PQconninfoOption* o = options; o && o->keyword; ++o) {
        if (std::string(o->keyword) == "password" && o->val) {
            password = o->val;
        }
    }
    PQconninfoFree(options);
    return password;
}

}  // namespace

StoreKind store_kind(const std::string& url) {
    if (is_uri(url)) {
        return StoreKind::postgresql;
    }
    if (url.rfind("sqlite://", 0) == 0) {
        return StoreKind::sqlite;
    }
    if (has_keyword_syntax(url)) {
        char* error = nullptr;
        PQconninfoOption* options = PQconninfoParse(url.c_str(), &error);
        std::string reason = error ? redact_secrets(error, url) : "";
        while (!reason.empty() && (reason.back() == '\n' || reason.back() == ' ')) {
            reason.pop_back();
        }
        PQfreemem(error);
        PQconninfoFree(options);
        if (!options) {
            // Not echoed: a misspelt keyword ("passwrd=") would show its value.
            throw StoreError("the database uses key=value syntax but is not a valid PostgreSQL connection string (" +
                             reason + "); a SQLite store is a file path without key=value");
        }
        return StoreKind::postgresql;
    }
    if (url.find("://") != std::string::npos) {
        throw StoreError("the database " + redact_url(url) +
                         " is neither a PostgreSQL URL (postgresql://...) nor a SQLite file path");
    }
    if (url.empty()) {
        throw StoreError("the database is empty: give a SQLite file path or a PostgreSQL URL");
    }
    return StoreKind::sqlite;
}

bool is_postgres(const std::string& url) {
    return store_kind(url) == StoreKind::postgresql;
}

std::string redact_url(const std::string& url) {
    return masked(url, secrets_of(url));
}

std::string redact_secrets(const std::string& message, const std::string& url) {
    std::string out = message;
    replace_all(out, url, redact_url(url));
    std::vector<std::string> values;
    for (const auto& s : secrets_of(url)) {
        std::string value = url.substr(s.begin, s.end - s.begin);
        if (value.size() >= 2 && value.front() == '\'' && value.back() == '\'') {
            values.push_back(value.substr(1, value.size() - 2));
        }
        values.push_back(percent_decoded(value));
        values.push_back(std::move(value));
    }
    values.push_back(parsed_password(url));
    for (const auto& value : values) {
        replace_all(out, value, k_mask);
    }
    return out;
}

}  // namespace flexform
