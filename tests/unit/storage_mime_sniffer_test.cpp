#include <gtest/gtest.h>

#include "storage/mime_sniffer.hpp"

namespace authorworks::storage {
namespace {

const std::string kPng("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89", 33);

TEST(MimeSniffer, FindsWhatTheBytesAre) {
  MimeSniffer sniffer;
  EXPECT_EQ(sniffer.sniff(kPng), "image/png");
  EXPECT_EQ(sniffer.sniff("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"), "application/pdf");
  EXPECT_EQ(sniffer.sniff("Just some words, written plainly.\n"), "text/plain");
  EXPECT_EQ(sniffer.sniff("#!/bin/sh\necho hello\n"), "text/x-shellscript");
  // NUL bytes count: the whole buffer is looked at.
  EXPECT_EQ(sniffer.sniff(std::string("\x00\x01\x02\x03\xff\xfe\x00\x00", 8)), "application/octet-stream");
  EXPECT_EQ(sniffer.sniff(""), "application/x-empty");
}

TEST(MimeSniffer, AllowsOnlyTheListedKinds) {
  EXPECT_EQ(MimeSniffer::allowed_type("image/png", "x.png"), "image/png");
  EXPECT_EQ(MimeSniffer::allowed_type("application/pdf", "x.pdf"), "application/pdf");
  EXPECT_EQ(MimeSniffer::allowed_type("application/json", "x.json"), "application/json");
  EXPECT_EQ(MimeSniffer::allowed_type("text/plain", "notes.txt"), "text/plain; charset=utf-8");
  EXPECT_EQ(MimeSniffer::allowed_type("text/plain", "Chapter.MD"), "text/markdown; charset=utf-8");
  // Prose with a comma on every line looks like CSV to libmagic.
  EXPECT_EQ(MimeSniffer::allowed_type("text/csv", "notes.txt"), "text/plain; charset=utf-8");
  EXPECT_FALSE(MimeSniffer::allowed_type("text/html", "page.txt"));
  EXPECT_FALSE(MimeSniffer::allowed_type("image/svg+xml", "x.png"));
  EXPECT_FALSE(MimeSniffer::allowed_type("text/x-shellscript", "run.txt"));
  EXPECT_FALSE(MimeSniffer::allowed_type("application/x-dosexec", "x.pdf"));
  EXPECT_FALSE(MimeSniffer::allowed_type("application/x-empty", "x.txt"));
}

}  // namespace
}  // namespace authorworks::storage
