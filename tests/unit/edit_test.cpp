// Adding configurations to an existing manifest without disturbing what a person wrote.
#include "engine/manifest/edit.h"

#include <gtest/gtest.h>

namespace flexform {
namespace {

const char* k_entries =
    "    - name: new\n      id: 7\n      product: FGT_HW\n      parameters: {device_model: FGT60F}\n";

TEST(ManifestEdit, AppendsAtTheEndOfABlockListKeepingComments) {
    const std::string text =
        "# acme: head office\napiVersion: flexform/v1\nkind: Customer\nmetadata: {name: acme, accountId: 1}\n"
        "spec:\n  configs:\n    - name: fgt   # the pair\n      product: FGT_HW\n\n";
    const auto out = append_config_entries(text, "acme", k_entries);
    ASSERT_TRUE(out);
    EXPECT_EQ(*out,
              "# acme: head office\napiVersion: flexform/v1\nkind: Customer\nmetadata: {name: acme, accountId: 1}\n"
              "spec:\n  configs:\n    - name: fgt   # the pair\n      product: FGT_HW\n"
              "    - name: new\n      id: 7\n      product: FGT_HW\n      parameters: {device_model: FGT60F}\n\n");
}

TEST(ManifestEdit, FindsItsDocumentAmongSeveralAndFollowsItsIndent) {
    const std::string text =
        "apiVersion: flexform/v1\nkind: Customer\nmetadata: {name: beta, accountId: 2}\nspec:\n  configs:\n"
        "  - name: a\n    product: FGT_HW\n---\napiVersion: flexform/v1\nkind: Customer\n"
        "metadata: {name: acme, accountId: 1}\nspec:\n  configs:\n  - name: b\n    product: FGT_HW\n";
    const auto out = append_config_entries(text, "beta", k_entries);
    ASSERT_TRUE(out);
    EXPECT_NE(out->find("    product: FGT_HW\n  - name: new\n    id: 7\n"), std::string::npos) << *out;
    EXPECT_LT(out->find("name: new"), out->find("---"));
}

TEST(ManifestEdit, RefusesShapesItCannotEditSafely) {
    const std::string flow =
        "apiVersion: flexform/v1\nkind: Customer\nmetadata: {name: acme, accountId: 1}\nspec:\n  configs: []\n";
    EXPECT_FALSE(append_config_entries(flow, "acme", k_entries));
    const std::string not_last =
        "apiVersion: flexform/v1\nkind: Customer\nmetadata: {name: acme, accountId: 1}\nspec:\n  configs:\n"
        "    - name: fgt\n      product: FGT_HW\n  state: active\n";
    EXPECT_FALSE(append_config_entries(not_last, "acme", k_entries));
    EXPECT_FALSE(append_config_entries(not_last, "nobody", k_entries));
    EXPECT_FALSE(append_config_entries("not: [valid", "acme", k_entries));
}

}  // namespace
}  // namespace flexform
