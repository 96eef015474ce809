// Where a render runs: inline on the connection's I/O thread, or on the render pool.
//
// The pool exists for renders that block (a database, a remote call): they must not hold
// an I/O thread. But the hop there and back costs two cross-thread wake-ups, which for an
// island that renders in ~10 µs is most of the request's CPU time. So each render key (an
// island, a page route) earns the right to run inline by being fast: it starts on the pool,
// moves inline after a streak of renders within the budget, and goes back to the pool on the
// first render over it, needing a longer streak each time it is sent back. A render that
// has never been seen, or that was ever slow recently, therefore never blocks an I/O thread;
// the worst a key can do is block one I/O thread for three renders before it is demoted
// (below).
//
// "Slow" means over the budget by the wall clock *even without the time the thread spent
// waiting for a CPU*: the render itself — computing, or blocked on a socket, a sleep, a
// long lock wait — took longer than the budget. A quick render that merely lost the CPU to
// another thread on a busy machine is not slow: on 2 cores under load, counting those sent
// most of a fast island's renders back to the pool. Nor is one that waited a few
// microseconds for a lock: SQLite takes a process-wide mutex on every query, and counting
// any wait as blocking (the rule before) sent 14-82 % of a 60 µs SQLite page's renders to
// the pool.
// The wait for a CPU is the kernel's run delay (/proc/thread-self/schedstat); where the
// kernel keeps none, the rule falls back to "blocked (a voluntary context switch) or busy
// (more CPU time than the budget)".
//
// A key that has rendered within the budget for a while is forgiven one slow render that
// is only a little over (at most kVerySlowFactor × the budget, without the wait for a
// CPU): a render waiting for a lock whose holder was preempted waits as long as the
// holder's preemption, milliseconds on a saturated machine, and a key with such rare
// stalls is better inline than paying the pool's hop on every render. A second one within
// kForgivenEvery renders, or one very slow render, counts. So a key that turns slow blocks
// an I/O thread for three renders, and one that turns very slow, for two.
//
// Telling them apart takes the thread's usage before the render: a system call, 1.6 µs on
// a virtual machine, a twentieth of a 15 KB island's whole request. So an inline render
// is measured only while its key owes an explanation: an unmeasured render over the budget
// is "unexplained", which makes every later render of the key measured, until the next
// one over the budget is judged (slow: back to the pool; preempted: unmeasured again).
// The cost: a key that turns blocking blocks an I/O thread for two renders, not one.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace isl::server::detail {

class RenderPlacement {
 public:
  using Duration = std::chrono::steady_clock::duration;

  // budget 0: every render goes to the pool.
  explicit RenderPlacement(std::chrono::microseconds budget) : budget_(budget) {}

  // One key's record; the pointer stays valid for the placement's lifetime.
  class Entry;
  // Null for an empty key, or when kMaxKeys keys are known (then: the pool).
  Entry* find(std::string_view key);

  bool may_render_inline(const Entry* entry) const;
  // Whether an inline render of `entry` must be measured (see above); pool renders always are.
  bool must_measure_inline(const Entry* entry) const;

  // What one render showed; `unexplained`: over the budget, but not measured; `slow`: over
  // it by at most kVerySlowFactor × (without the wait for a CPU), `very_slow`: by more.
  enum class Verdict { within_budget, preempted, slow, very_slow, unexplained };
  static constexpr int kVerySlowFactor = 8;
  // A slow render after at least this many renders that were not is forgiven (above).
  static constexpr std::uint32_t kForgivenEvery = 64;
  void record(Entry* entry, Verdict verdict);

  // What the calling thread has used so far, to tell slow renders from preempted ones.
  struct ThreadUsage {
    // Time spent runnable but waiting for a CPU, when the kernel keeps it (schedstat)...
    std::optional<Duration> waited_for_cpu;
    // ...else the CPU time and voluntary context switches (read only then).
    std::chrono::microseconds cpu{0};
    long voluntary_switches = 0;
    static ThreadUsage now();
  };
  // Whether a render that took `wall`, with `before`/`after` taken around it on its thread,
  // counts as slow against `budget` (see above).
  static bool is_slow(std::chrono::microseconds budget, Duration wall, const ThreadUsage& before,
                      const ThreadUsage& after);
  // The render's own time: `wall` without the wait for a CPU (all of `wall` where the
  // kernel keeps no run delay).
  static Duration own_time(Duration wall, const ThreadUsage& before, const ThreadUsage& after);
  std::chrono::microseconds budget() const { return budget_; }

  // Times one render on the calling thread and judges it: the one place that decides what
  // a render showed. Takes the thread's usage only when `measure`, and again after the
  // render only when the clock says it was over the budget. `budget` 0: not judged.
  class Stopwatch {
   public:
    Stopwatch(std::chrono::microseconds budget, bool measure);
    // Stops the clock; call once, right after the render.
    Verdict stop();
    Duration took() const { return took_; }

   private:
    std::chrono::microseconds budget_;
    bool measured_;
    ThreadUsage before_;
    std::chrono::steady_clock::time_point start_;
    Duration took_{};
  };

  // Consecutive renders within the budget a key needs before it runs inline, after it has
  // been sent back to the pool `demotions` times.
  static std::uint32_t streak_needed(std::uint32_t demotions);

  static constexpr std::size_t kMaxKeys = 1024;

 private:
  const std::chrono::microseconds budget_;
  std::mutex mutex_;
  std::map<std::string, Entry, std::less<>> entries_;  // node-based: entries never move
};

class RenderPlacement::Entry {
 public:
  // Relaxed atomics: renders of one key race to update these, and a lost update only
  // shifts a promotion by a render or two.
  std::atomic<bool> render_inline{false};
  std::atomic<std::uint32_t> fast_streak{0};
  std::atomic<std::uint32_t> demotions{0};
  std::atomic<bool> explain_next{false};  // an unexplained render is waiting for a verdict
  std::atomic<std::uint32_t> since_slow{0};  // renders judged not slow since the last slow one
};

}  // namespace isl::server::detail
