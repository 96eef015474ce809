// The streak bookkeeping behind inline renders (render_placement.hpp explains the policy).
#include "server/render_placement.hpp"

#include <fcntl.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>

namespace isl::server::detail {

namespace {
constexpr std::uint32_t kFirstStreak = 16;
constexpr std::uint32_t kMaxStreakShift = 10;  // at most 16 << 10 = 16384 fast renders
}  // namespace

std::uint32_t RenderPlacement::streak_needed(std::uint32_t demotions) {
  return kFirstStreak << std::min(demotions, kMaxStreakShift);
}

RenderPlacement::Entry* RenderPlacement::find(std::string_view key) {
  if (key.empty() || budget_.count() <= 0) return nullptr;
  std::lock_guard lock(mutex_);
  if (auto it = entries_.find(key); it != entries_.end()) return &it->second;
  if (entries_.size() >= kMaxKeys) return nullptr;
  return &entries_.try_emplace(std::string(key)).first->second;
}

bool RenderPlacement::may_render_inline(const Entry* entry) const {
  return entry != nullptr && entry->render_inline.load(std::memory_order_relaxed);
}

namespace {

// The calling thread's run delay, from the kernel's /proc/thread-self/schedstat ("<cpu ns>
// <run delay ns> <slices>"). The file stays open for the thread's life: one pread a reading.
class RunDelayFile {
 public:
  RunDelayFile() : fd_(::open("/proc/thread-self/schedstat", O_RDONLY | O_CLOEXEC)) {}
  ~RunDelayFile() {
    if (fd_ >= 0) ::close(fd_);
  }
  RunDelayFile(const RunDelayFile&) = delete;
  RunDelayFile& operator=(const RunDelayFile&) = delete;

  std::optional<RenderPlacement::Duration> read() const {
    if (fd_ < 0) return std::nullopt;
    char text[96];
    const ssize_t n = ::pread(fd_, text, sizeof text, 0);
    if (n <= 0) return std::nullopt;
    const std::string_view line(text, static_cast<std::size_t>(n));
    const std::size_t delay = line.find(' ');
    std::uint64_t ns = 0;
    if (delay == std::string_view::npos ||
        std::from_chars(line.data() + delay + 1, line.data() + line.size(), ns).ec != std::errc()) {
      return std::nullopt;
    }
    return std::chrono::duration_cast<RenderPlacement::Duration>(std::chrono::nanoseconds(ns));
  }

 private:
  int fd_;
};

}  // namespace

RenderPlacement::ThreadUsage RenderPlacement::ThreadUsage::now() {
  ThreadUsage usage;
  thread_local const RunDelayFile run_delay;
  usage.waited_for_cpu = run_delay.read();
  if (usage.waited_for_cpu) return usage;
  // CPU time from the thread's CPU clock, which is exact; getrusage's times can be
  // tick-sampled (4 ms here), which made quick renders look busy.
  timespec cpu{};
  if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cpu) == 0) {
    usage.cpu = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::seconds(cpu.tv_sec) +
                                                                      std::chrono::nanoseconds(cpu.tv_nsec));
  }
  rusage ru{};
  if (getrusage(RUSAGE_THREAD, &ru) == 0) usage.voluntary_switches = ru.ru_nvcsw;
  return usage;
}

RenderPlacement::Duration RenderPlacement::own_time(Duration wall, const ThreadUsage& before,
                                                   const ThreadUsage& after) {
  if (!before.waited_for_cpu || !after.waited_for_cpu) return wall;
  return wall - (*after.waited_for_cpu - *before.waited_for_cpu);
}

bool RenderPlacement::is_slow(std::chrono::microseconds budget, Duration wall, const ThreadUsage& before,
                              const ThreadUsage& after) {
  if (wall <= budget) return false;
  if (before.waited_for_cpu && after.waited_for_cpu) return own_time(wall, before, after) > budget;
  const bool blocked = after.voluntary_switches > before.voluntary_switches;
  const bool busy = after.cpu - before.cpu > budget;
  return blocked || busy;
}

RenderPlacement::Stopwatch::Stopwatch(std::chrono::microseconds budget, bool measure)
    : budget_(budget), measured_(measure && budget.count() > 0) {
  if (measured_) before_ = ThreadUsage::now();
  start_ = std::chrono::steady_clock::now();
}

RenderPlacement::Verdict RenderPlacement::Stopwatch::stop() {
  took_ = std::chrono::steady_clock::now() - start_;
  if (budget_.count() <= 0 || took_ <= budget_) return Verdict::within_budget;
  if (!measured_) return Verdict::unexplained;
  const ThreadUsage after = ThreadUsage::now();
  if (!is_slow(budget_, took_, before_, after)) return Verdict::preempted;
  return own_time(took_, before_, after) > kVerySlowFactor * budget_ ? Verdict::very_slow : Verdict::slow;
}

bool RenderPlacement::must_measure_inline(const Entry* entry) const {
  return entry != nullptr && entry->explain_next.load(std::memory_order_relaxed);
}

void RenderPlacement::record(Entry* entry, Verdict verdict) {
  if (entry == nullptr) return;
  constexpr auto relaxed = std::memory_order_relaxed;
  const auto count_fast = [&] {
    const std::uint32_t streak = entry->fast_streak.fetch_add(1, relaxed) + 1;
    if (!entry->render_inline.load(relaxed) && streak >= streak_needed(entry->demotions.load(relaxed))) {
      entry->render_inline.store(true, relaxed);
    }
  };
  switch (verdict) {
    case Verdict::unexplained:
      // The first waits for the next measured render's verdict; a second before that one
      // (another thread's, unmeasured, started meanwhile) is not given the benefit.
      if (!entry->explain_next.exchange(true, relaxed)) return;
      break;
    case Verdict::slow:
      if (entry->since_slow.exchange(0, relaxed) < kForgivenEvery) break;
      // Forgiven, and on probation: its next render over the budget is measured and judged.
      entry->explain_next.store(true, relaxed);
      count_fast();
      return;
    case Verdict::preempted: entry->explain_next.store(false, relaxed); [[fallthrough]];
    case Verdict::within_budget:
      entry->since_slow.fetch_add(1, relaxed);
      count_fast();
      return;
    case Verdict::very_slow: break;
  }
  entry->since_slow.store(0, relaxed);
  entry->fast_streak.store(0, relaxed);
  entry->explain_next.store(false, relaxed);
  if (entry->render_inline.exchange(false, relaxed)) entry->demotions.fetch_add(1, relaxed);
}

}  // namespace isl::server::detail
