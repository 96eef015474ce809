#include "seal/base64.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "test_util.hpp"

namespace isl::seal {
namespace {

using namespace std::string_literals;

// RFC 4648 §10 test vectors.
const std::vector<std::pair<std::string, std::string>> kStandard = {
    {"", ""},         {"f", "Zg=="},         {"fo", "Zm8="},        {"foo", "Zm9v"},
    {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"},
};

TEST(Base64, StandardMatchesRfc4648Vectors) {
  for (const auto& [plain, encoded] : kStandard) {
    EXPECT_EQ(base64_encode(plain), encoded) << plain;
    auto back = base64_decode(encoded);
    ASSERT_TRUE(back.has_value()) << encoded;
    EXPECT_EQ(*back, plain);
  }
}

TEST(Base64, UrlMatchesRfc4648VectorsWithoutPadding) {
  const std::vector<std::pair<std::string, std::string>> url = {
      {"", ""},     {"f", "Zg"},         {"fo", "Zm8"},        {"foo", "Zm9v"},
      {"foob", "Zm9vYg"}, {"fooba", "Zm9vYmE"}, {"foobar", "Zm9vYmFy"},
  };
  for (const auto& [plain, encoded] : url) {
    EXPECT_EQ(base64url_encode(plain), encoded) << plain;
    auto back = base64url_decode(encoded);
    ASSERT_TRUE(back.has_value()) << encoded;
    EXPECT_EQ(*back, plain);
  }
}

TEST(Base64, AlphabetsDifferOnlyWhereTheyShould) {
  const std::string bytes = "\xfb\xff\xbf"s;
  EXPECT_EQ(base64_encode(bytes), "+/+/");
  EXPECT_EQ(base64url_encode(bytes), "-_-_");
  EXPECT_EQ(base64_encode("\xfb\xff"s), "+/8=");
  EXPECT_EQ(base64url_encode("\xfb\xff"s), "-_8");
}

TEST(Base64, RoundTripsEveryLengthAndByteValue) {
  for (std::size_t n = 0; n <= 300; ++n) {
    const std::string bytes = testing::pseudo_random_bytes(n, 1000 + n);
    auto a = base64_decode(base64_encode(bytes));
    auto b = base64url_decode(base64url_encode(bytes));
    ASSERT_TRUE(a.has_value()) << n;
    ASSERT_TRUE(b.has_value()) << n;
    EXPECT_EQ(*a, bytes) << n;
    EXPECT_EQ(*b, bytes) << n;
    const std::string url = base64url_encode(bytes);
    EXPECT_EQ(url.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
              std::string::npos);
  }
  std::string all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
  EXPECT_EQ(base64_decode(base64_encode(all)), all);
  EXPECT_EQ(base64url_decode(base64url_encode(all)), all);
}

TEST(Base64, StandardRejectsMalformedInput) {
  const std::vector<std::string> bad = {
      "Zg",          // padding missing
      "Zg=",         // padding short
      "Zg===",       // padding too long
      "Zm9v=",       // padding where none belongs
      "====",        // padding only
      "Z",           // a lone character cannot encode a byte
      "Zh==",        // non-zero unused bits (non-canonical)
      "Zm9=",        // non-zero unused bits (non-canonical)
      "Zm9v\n",      // trailing newline
      " Zm9v",       // leading space
      "Zm 9v",       // whitespace inside
      "Zm9v\r\nYmFy",  // line break inside
      "Zm9v-_8=",    // URL-safe characters
      "Zm9v*A==",    // not base64 at all
      "Zm\0v"s,      // NUL inside
      "Zg==Zg==",    // data after padding
  };
  for (const auto& text : bad) EXPECT_FALSE(base64_decode(text).has_value()) << '"' << text << '"';
}

TEST(Base64, UrlRejectsMalformedInput) {
  const std::vector<std::string> bad = {
      "Zg==",      // padding
      "Zm8=",      // padding
      "Zg=",       // padding
      "Z",         // a lone character
      "Zh",        // non-zero unused bits
      "Zm9",       // non-zero unused bits
      "+/8",       // standard alphabet
      "Zm9v ",     // trailing space
      "\tZm9v",    // leading tab
      "Zm9\nv",    // newline inside
      "Zm9v%3D",   // percent-encoding
      "Zm\0v"s,    // NUL inside
  };
  for (const auto& text : bad) EXPECT_FALSE(base64url_decode(text).has_value()) << '"' << text << '"';
}

}  // namespace
}  // namespace isl::seal
