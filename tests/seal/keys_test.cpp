#include "seal/keys.hpp"

#include <gtest/gtest.h>
#include <sodium.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "test_util.hpp"

namespace isl::seal {
namespace {

using testing::key_text;
using testing::master_of;

// Runs parse() and returns the message it throws ("" if it does not throw).
std::string parse_error(const std::string& text) {
  try {
    KeyRing::parse(text);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

bool is_lower_hex8(const std::string& s) {
  return s.size() == 8 && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

TEST(Keys, ParsesOneKey) {
  const auto m = master_of(1, 3);
  const KeyRing ring = KeyRing::parse(key_text(m));
  ASSERT_EQ(ring.keys().size(), 1u);
  EXPECT_EQ(ring.sealing().master, m);
  EXPECT_TRUE(is_lower_hex8(ring.sealing().id)) << ring.sealing().id;
  EXPECT_EQ(ring.ids(), std::vector<std::string>{ring.sealing().id});
}

TEST(Keys, ParsesSeveralKeysInOrderFirstSeals) {
  const auto a = master_of(1, 1), b = master_of(2, 1), c = master_of(3, 1);
  const KeyRing ring = KeyRing::parse(key_text(a) + "," + key_text(b) + "," + key_text(c));
  ASSERT_EQ(ring.keys().size(), 3u);
  EXPECT_EQ(ring.keys()[0].master, a);
  EXPECT_EQ(ring.keys()[1].master, b);
  EXPECT_EQ(ring.keys()[2].master, c);
  EXPECT_EQ(&ring.sealing(), &ring.keys()[0]);
  for (const Key& k : ring.keys()) EXPECT_EQ(ring.find(k.id), &k);
  EXPECT_EQ(ring.find("00000000"), nullptr);
  EXPECT_EQ(ring.find(""), nullptr);
}

TEST(Keys, IgnoresWhitespaceAroundEntries) {
  const auto a = master_of(10, 1), b = master_of(20, 1);
  const KeyRing ring = KeyRing::parse("  " + key_text(a) + " ,\n\t" + key_text(b) + "\r\n");
  ASSERT_EQ(ring.keys().size(), 2u);
  EXPECT_EQ(ring.keys()[0].master, a);
  EXPECT_EQ(ring.keys()[1].master, b);
}

TEST(Keys, RejectsWhitespaceInsideAnEntry) {
  std::string t = key_text(master_of(5, 1));
  t.insert(10, " ");
  EXPECT_EQ(parse_error(t), "key 1 of 1: not base64 of 32 bytes");
  // Two keys on two lines without a comma are one malformed entry, not two keys.
  EXPECT_EQ(parse_error(key_text(master_of(5, 1)) + "\n" + key_text(master_of(6, 1))),
            "key 1 of 1: not base64 of 32 bytes");
}

TEST(Keys, RejectsBadBase64NamingTheEntry) {
  const std::string good = key_text(master_of(1, 1));
  const std::string bad = "not*base64*at*all*but*44*characters*long=!!";
  const std::string msg = parse_error(good + "," + bad + "," + key_text(master_of(2, 1)));
  EXPECT_EQ(msg, "key 2 of 3: not base64 of 32 bytes");
  // URL-safe alphabet is not the key format.
  std::string url = key_text(master_of(0xfb, 0));  // all 0xfb: "+/v7..." in standard base64
  ASSERT_NE(url.find('+'), std::string::npos);
  for (auto& c : url) c = c == '+' ? '-' : c == '/' ? '_' : c;
  EXPECT_EQ(parse_error(url), "key 1 of 1: not base64 of 32 bytes");
}

TEST(Keys, RejectsWrongLength) {
  const std::string k31 = base64_encode(std::string(31, 'k'));
  const std::string k33 = base64_encode(std::string(33, 'k'));
  const std::string k16 = base64_encode(std::string(16, 'k'));
  EXPECT_EQ(parse_error(k31), "key 1 of 1: not base64 of 32 bytes");
  EXPECT_EQ(parse_error(k33), "key 1 of 1: not base64 of 32 bytes");
  EXPECT_EQ(parse_error(key_text(master_of(1, 1)) + "," + k16), "key 2 of 2: not base64 of 32 bytes");
  // The key without its padding is not accepted either.
  std::string unpadded = key_text(master_of(1, 1));
  ASSERT_EQ(unpadded.back(), '=');
  unpadded.pop_back();
  EXPECT_EQ(parse_error(unpadded), "key 1 of 1: not base64 of 32 bytes");
}

TEST(Keys, RejectsEmptyInputAndEmptyEntries) {
  const std::string k = key_text(master_of(1, 1));
  EXPECT_NE(parse_error(""), "");
  EXPECT_NE(parse_error("   \n"), "");
  EXPECT_EQ(parse_error(","), "key 1 of 2: empty");
  EXPECT_EQ(parse_error(k + ","), "key 2 of 2: empty");
  EXPECT_EQ(parse_error(k + ", ,"+ k), "key 2 of 3: empty");
  EXPECT_EQ(parse_error("," + k), "key 1 of 2: empty");
}

TEST(Keys, RejectsDuplicateKeys) {
  const std::string a = key_text(master_of(1, 1)), b = key_text(master_of(2, 1));
  EXPECT_EQ(parse_error(a + "," + b + "," + a), "key 3 of 3: same key as key 1");
  EXPECT_EQ(parse_error(a + ", " + a), "key 2 of 2: same key as key 1");
}

TEST(Keys, ErrorsNeverContainKeyMaterial) {
  const std::string good = key_text(master_of(42, 5));
  const std::string almost = good.substr(0, 40) + "!!!=";
  const std::vector<std::string> inputs = {
      good + "," + almost, almost + "," + good, good + ",," + good, good + "," + good,
      good.substr(0, 43),  good + "x",
  };
  for (const auto& in : inputs) {
    const std::string msg = parse_error(in);
    ASSERT_NE(msg, "") << in;
    // No run of 8+ characters of any entry appears in the message.
    for (const std::string& entry : {good, almost}) {
      for (std::size_t i = 0; i + 8 <= entry.size(); ++i) {
        EXPECT_EQ(msg.find(entry.substr(i, 8)), std::string::npos) << msg;
      }
    }
  }
}

TEST(Keys, SubkeysAreDerivedWithCryptoKdf) {
  const auto m = master_of(7, 11);
  const Key k = make_key(m);
  std::array<std::uint8_t, 32> enc{}, non{};
  unsigned char idk[16];
  ASSERT_EQ(crypto_kdf_derive_from_key(enc.data(), 32, 1, "islseal1", m.data()), 0);
  ASSERT_EQ(crypto_kdf_derive_from_key(non.data(), 32, 2, "islseal1", m.data()), 0);
  ASSERT_EQ(crypto_kdf_derive_from_key(idk, 16, 3, "islseal1", m.data()), 0);
  char hex[9];
  sodium_bin2hex(hex, sizeof hex, idk, 4);
  EXPECT_EQ(k.master, m);
  EXPECT_EQ(k.encryption, enc);
  EXPECT_EQ(k.nonce, non);
  EXPECT_EQ(k.id, std::string(hex));
  EXPECT_NE(k.encryption, k.nonce);
  EXPECT_NE(k.encryption, k.master);
  EXPECT_NE(k.nonce, k.master);
}

TEST(Keys, IdsAreStable) {
  // Pinned: the id of the all-zero key, computed independently (Python hashlib:
  // blake2b(key=0^32, digest_size=16, salt=LE64(3)||0^8, person="islseal1"||0^8)[:4]).
  // If this changes, every deployed payload and every key id anyone wrote down changes.
  const Key zero = make_key(master_of(0));
  EXPECT_EQ(zero.id, make_key(master_of(0)).id);
  EXPECT_EQ(zero.id, KeyRing::parse(key_text(master_of(0))).sealing().id);
  EXPECT_TRUE(is_lower_hex8(zero.id));
  EXPECT_EQ(zero.id, "bd921d78") << "key id derivation changed";
}

TEST(Keys, IdsAreDistinct) {
  std::set<std::string> ids;
  for (int i = 0; i < 256; ++i) ids.insert(make_key(master_of(static_cast<std::uint8_t>(i))).id);
  for (int i = 0; i < 256; ++i) ids.insert(make_key(master_of(static_cast<std::uint8_t>(i), 1)).id);
  // 512 distinct masters (256 constant ones, 256 ramps): one distinct id each.
  EXPECT_EQ(ids.size(), 512u);
}

TEST(Keys, ToTextRoundTrips) {
  const std::string text = key_text(master_of(1, 2)) + "," + key_text(master_of(3, 4));
  const KeyRing ring = KeyRing::parse(text);
  EXPECT_EQ(ring.to_text(), text);
  EXPECT_EQ(KeyRing::parse(ring.to_text()).ids(), ring.ids());
}

TEST(Keys, GenerateMakesFreshKeys) {
  const KeyRing a = KeyRing::generate(), b = KeyRing::generate();
  ASSERT_EQ(a.keys().size(), 1u);
  ASSERT_EQ(b.keys().size(), 1u);
  EXPECT_NE(a.sealing().master, b.sealing().master);
  EXPECT_NE(a.sealing().id, b.sealing().id);
  EXPECT_EQ(KeyRing::parse(a.to_text()).sealing().master, a.sealing().master);

  const std::string t1 = generate_key_text(), t2 = generate_key_text();
  EXPECT_NE(t1, t2);
  EXPECT_EQ(t1.size(), 44u);
  const auto bytes = base64_decode(t1);
  ASSERT_TRUE(bytes.has_value());
  EXPECT_EQ(bytes->size(), 32u);
  EXPECT_EQ(KeyRing::parse(t1).keys().size(), 1u);
}

class KeyFile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("isl_seal_keys_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string write(const std::string& name, const std::string& content) {
    const auto p = dir_ / name;
    std::ofstream(p, std::ios::binary) << content;
    return p.string();
  }
  std::filesystem::path dir_;
};

TEST_F(KeyFile, ReadsTheParseFormat) {
  const std::string a = key_text(master_of(1, 1)), b = key_text(master_of(2, 1));
  const KeyRing ring = KeyRing::from_file(write("key", a + ",\n" + b + "\n"));
  ASSERT_EQ(ring.keys().size(), 2u);
  EXPECT_EQ(ring.to_text(), a + "," + b);
}

TEST_F(KeyFile, MissingOrUnreadableIsAnError) {
  EXPECT_THROW(KeyRing::from_file((dir_ / "nope").string()), std::runtime_error);
  EXPECT_THROW(KeyRing::from_file(dir_.string()), std::runtime_error);  // a directory
}

TEST_F(KeyFile, BadContentNamesFileAndEntry) {
  const std::string path = write("bad", key_text(master_of(1, 1)) + ",nope\n");
  try {
    KeyRing::from_file(path);
    FAIL() << "no exception";
  } catch (const std::invalid_argument& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find(path), std::string::npos) << msg;
    EXPECT_NE(msg.find("key 2 of 2: not base64 of 32 bytes"), std::string::npos) << msg;
  }
  EXPECT_THROW(KeyRing::from_file(write("empty", "")), std::invalid_argument);
}

}  // namespace
}  // namespace isl::seal
