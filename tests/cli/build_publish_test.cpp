// Publishing a build, with real `isl build` processes: two builds of one site at once take
// turns on the site's build lock, both succeed, and dist/ is whole at every moment,
// including while it is replaced; a build that cannot write says where and why, and
// leaves nothing behind.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <random>
#include <string>
#include <thread>

namespace fs = std::filesystem;

namespace {

const std::string kIslBin = std::string(ISL_BINARY_DIR) + "/isl";

struct Result {
  int code;
  std::string output;
};

Result shell(const std::string& command) {
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  std::string out;
  char buf[4096];
  while (std::size_t n = fread(buf, 1, sizeof buf, pipe)) out.append(buf, n);
  const int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

struct Folder {
  fs::path dir = fs::temp_directory_path() / ("isl-lock-" + std::to_string(std::random_device{}()));
  Folder() { fs::create_directories(dir); }
  ~Folder() { fs::remove_all(dir); }
};

const std::string kKeyEnv = "ISL_KEY=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8= ";

// One site made by `isl new` and built once for the tests here (building the site program
// is the slow part); each test leaves it as it found it.
class BuildPublish : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    folder_ = new Folder;
    const fs::path site = folder_->dir / "site";
    ASSERT_EQ(shell(kIslBin + " new " + site.string()).code, 0);
    const Result built = shell(kKeyEnv + kIslBin + " build " + site.string());
    ASSERT_EQ(built.code, 0) << built.output;
  }
  static void TearDownTestSuite() {
    delete folder_;
    folder_ = nullptr;
  }
  static fs::path site() { return folder_->dir / "site"; }
  static std::string build() { return kKeyEnv + kIslBin + " build " + site().string(); }

 private:
  static Folder* folder_;
};
Folder* BuildPublish::folder_ = nullptr;

// Whether someone holds the build lock of `site` now.
bool lock_held(const fs::path& site) {
  const int fd = ::open((site / ".isl/build.lock").c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0) return false;
  const bool held = ::flock(fd, LOCK_EX | LOCK_NB) != 0;
  ::close(fd);
  return held;
}

TEST_F(BuildPublish, ConcurrentBuildsTakeTurnsAndDistIsAlwaysWhole) {
  const fs::path site = BuildPublish::site();
  const std::string build = BuildPublish::build();

  // A reader of dist/ (what a server reloading it sees) during all the rounds.
  std::atomic<bool> done{false};
  std::atomic<int> misses{0}, looks{0};
  std::thread reader([&] {
    while (!done) {
      ++looks;
      if (!fs::exists(site / "dist/index.html")) ++misses;
    }
  });
  int waited = 0;
  for (int round = 0; round < 4; ++round) {
    // The second build is started while the first holds the lock.
    auto a = std::async(std::launch::async, [&] { return shell(build); });
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (!lock_held(site) && std::chrono::steady_clock::now() < until) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    auto b = std::async(std::launch::async, [&] { return shell(build); });
    const Result ra = a.get(), rb = b.get();
    EXPECT_EQ(ra.code, 0) << ra.output;
    EXPECT_EQ(rb.code, 0) << rb.output;
    if (rb.output.find("waiting for another build of " + site.string() + " (pid ") != std::string::npos) ++waited;
    EXPECT_TRUE(fs::exists(site / "dist/index.html")) << "round " << round;
    EXPECT_FALSE(fs::exists(site / "dist.isl-new")) << "round " << round;
  }
  done = true;
  reader.join();
  EXPECT_GT(waited, 0) << "the second build never had to wait";
  EXPECT_EQ(misses.load(), 0) << "dist/index.html was missing in " << misses << " of " << looks << " looks";
}

TEST(BuildPublishLock, NoWaitRefusesWhileAnotherBuildRuns) {
  Folder f;
  const fs::path site = f.dir / "site";
  ASSERT_EQ(shell(kIslBin + " new " + site.string()).code, 0);
  fs::create_directories(site / ".isl");
  // Hold the lock as a running build would, from another process.
  const pid_t holder = fork();
  if (holder == 0) {
    const int fd = ::open((site / ".isl/build.lock").c_str(), O_RDWR | O_CREAT, 0644);
    ::flock(fd, LOCK_EX);
    const std::string pid = std::to_string(::getpid()) + "\n";
    (void)!::write(fd, pid.data(), pid.size());
    ::sleep(30);
    _exit(0);
  }
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!lock_held(site) && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  const Result r = shell(kIslBin + " build --no-wait " + site.string());
  kill(holder, SIGKILL);
  waitpid(holder, nullptr, 0);
  EXPECT_EQ(r.code, 1) << r.output;
  EXPECT_NE(r.output.find("another build of " + site.string() + " is running (pid " + std::to_string(holder) + ")"),
            std::string::npos)
      << r.output;
  EXPECT_FALSE(fs::exists(site / "dist"));
}

TEST_F(BuildPublish, AFolderThatCannotBeWrittenIsSaidPlainly) {
  const fs::path site = BuildPublish::site();
  const std::string before = shell("cat " + (site / "dist/index.html").string()).output;
  // Immutable: no entry of the site folder can be added, even by root.
  ASSERT_EQ(shell("chattr +i " + site.string()).code, 0);
  const Result r = shell(build());
  shell("chattr -i " + site.string());
  EXPECT_EQ(r.code, 1) << r.output;
  EXPECT_NE(r.output.find("error: cannot write " + site.string() + "/dist.isl-new: permission denied"),
            std::string::npos)
      << r.output;
  EXPECT_EQ(r.output.find("filesystem error"), std::string::npos) << r.output;
  EXPECT_EQ(shell("cat " + (site / "dist/index.html").string()).output, before);
  EXPECT_FALSE(fs::exists(site / "dist.isl-new"));
}

TEST_F(BuildPublish, AFullDiskIsSaidPlainly) {
  if (shell("unshare -m true").code != 0) GTEST_SKIP() << "no mount namespace for a small tmpfs";
  Folder f;
  const fs::path site = BuildPublish::site();
  const fs::path small = f.dir / "small";
  fs::create_directories(small);
  // An 8 KiB file system for the output, in a mount namespace of its own.
  const Result r = shell("unshare -m sh -c 'mount -t tmpfs -o size=8k tmpfs " + small.string() + " && " + kKeyEnv +
                         kIslBin + " build --out " + (small / "dist").string() + " " + site.string() + "; echo exit=$?; echo left:; ls -a " +
                         small.string() + "'");
  EXPECT_NE(r.output.find("exit=1"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("no space left on the device"), std::string::npos) << r.output;
  const auto left = r.output.find("left:");
  ASSERT_NE(left, std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("dist.isl-new", left), std::string::npos) << r.output;
}

}  // namespace
