#include "engine/render/colour.h"

namespace flexform {

std::string paint(std::string_view text, Tone tone, bool color) {
    if (!color) {
        return std::string(text);
    }
    const char* code = "";
    switch (tone) {
        case Tone::good:
            code = "\033[32m";
            break;
        case Tone::caution:
            code = "\033[33m";
            break;
        case Tone::bad:
            code = "\033[1;31m";  // as plan's blocks and refusals
            break;
    }
    return std::string(code) + std::string(text) + "\033[0m";
}

Tone status_tone(std::string_view status) {
    if (status == "ACTIVE") {
        return Tone::good;
    }
    if (status == "PENDING" || status == "STOPPED" || status == "DISABLED") {
        return Tone::caution;
    }
    return Tone::bad;
}

}  // namespace flexform
