#include <gtest/gtest.h>

#include "storage/file_name.hpp"

namespace authorworks::storage {
namespace {

TEST(SanitizeFileName, KeepsOnlyTheLastPathSegment) {
  EXPECT_EQ(sanitize_file_name("../../etc/passwd"), "passwd");
  EXPECT_EQ(sanitize_file_name("..\\..\\windows\\system.ini"), "system.ini");
  EXPECT_EQ(sanitize_file_name("/abs/path/notes.md"), "notes.md");
  EXPECT_EQ(sanitize_file_name("C:\\Users\\me\\book.pdf"), "book.pdf");
}

TEST(SanitizeFileName, NeverDotsAlone) {
  EXPECT_EQ(sanitize_file_name(".."), "file");
  EXPECT_EQ(sanitize_file_name("."), "file");
  EXPECT_EQ(sanitize_file_name("a/.."), "file");
  EXPECT_EQ(sanitize_file_name("...hidden"), "hidden");
  EXPECT_EQ(sanitize_file_name(""), "file");
  EXPECT_EQ(sanitize_file_name("name. . "), "name");
}

TEST(SanitizeFileName, DropsControlAndDirectionCharacters) {
  EXPECT_EQ(sanitize_file_name("a\nb\r\tc\x7f"
                               "d.txt"),
            "abcd.txt");
  EXPECT_EQ(sanitize_file_name(std::string("a\0b.txt", 7)), "ab.txt");
  EXPECT_EQ(sanitize_file_name("invoice\u202Efdp.exe"), "invoicefdp.exe");
  EXPECT_EQ(sanitize_file_name("x\xC2\x85y"), "xy");  // U+0085, a C1 control
}

TEST(SanitizeFileName, KeepsUnicodeAndReplacesInvalidBytes) {
  EXPECT_EQ(sanitize_file_name("Été à Paris.md"), "Été à Paris.md");
  EXPECT_EQ(sanitize_file_name("a\xff"
                               "b"),
            "a\xEF\xBF\xBD"
            "b");
}

TEST(SanitizeFileName, BoundsTheLengthKeepingTheExtension) {
  const auto long_name = std::string(300, 'a') + ".pdf";
  const auto clean = sanitize_file_name(long_name);
  EXPECT_EQ(clean.size(), 200U);
  EXPECT_TRUE(clean.ends_with(".pdf"));
  std::string accents;
  for (int i = 0; i < 150; ++i) accents += "é";
  const auto cut = sanitize_file_name(accents);
  EXPECT_LE(cut.size(), 200U);
  EXPECT_EQ(cut.size() % 2, 0U);  // never half of a two-byte character
}

TEST(AttachmentDisposition, OffersAnAsciiFallbackAndTheExactName) {
  EXPECT_EQ(attachment_disposition("notes.txt"), "attachment; filename=\"notes.txt\"; filename*=UTF-8''notes.txt");
  EXPECT_EQ(attachment_disposition("a \"b\".txt"),
            "attachment; filename=\"a _b_.txt\"; filename*=UTF-8''a%20%22b%22.txt");
  EXPECT_EQ(attachment_disposition("é.md"), "attachment; filename=\"__.md\"; filename*=UTF-8''%C3%A9.md");
}

}  // namespace
}  // namespace authorworks::storage
