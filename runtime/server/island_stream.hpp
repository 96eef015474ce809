// The islands of a streamed page (spec §3, stream_islands), rendered concurrently on the
// render pool while the connection writes what is ready: docs/server.md, "Streamed islands".
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "server/http_types.hpp"
#include "server/response.hpp"

namespace isl::server::detail {

class StreamedIslands : public std::enable_shared_from_this<StreamedIslands> {
 public:
  // `connection`: the connection's executor (its I/O thread), where next() is awaited.
  StreamedIslands(std::shared_ptr<DynamicHandler> handler, std::shared_ptr<const IslandStream> plan,
                  boost::asio::any_io_executor connection, std::chrono::steady_clock::time_point deadline);

  // Posts every island's render to `pool` (each its own task: they run concurrently).
  void start(const boost::asio::any_io_executor& pool);
  // The pieces that became ready since the last call, waiting until there is one. Sets
  // `done` once every island was sent, or at the deadline (the pieces of the islands still
  // pending are then in the answer). Awaited on the connection's I/O thread only.
  boost::asio::awaitable<std::string> next(bool& done);
  // The client has gone or the deadline passed: renders not begun yet are skipped.
  void abandon() { abandoned_.store(true); }

  std::size_t island_count() const { return plan_->islands.size(); }

 private:
  void render(std::size_t index);
  void deliver(std::size_t index, std::string piece);

  const std::shared_ptr<DynamicHandler> handler_;
  const std::shared_ptr<const IslandStream> plan_;
  const boost::asio::any_io_executor connection_;
  const std::chrono::steady_clock::time_point deadline_;
  boost::asio::steady_timer wake_;  // cancelled (on the connection's thread) when a piece is ready
  std::atomic<bool> abandoned_{false};

  std::mutex mutex_;  // guards what follows
  std::string ready_;
  std::vector<bool> sent_;
  std::size_t pending_;
  bool finished_ = false;
};

// The page reply a handler gave (with `stream` set) as a streamed response: private,
// unbuffered by proxies, uncompressed, its islands already rendering.
Response streamed_response(Response page, const std::shared_ptr<DynamicHandler>& handler,
                           std::shared_ptr<const IslandStream> plan, const boost::asio::any_io_executor& connection,
                           const boost::asio::any_io_executor& pool, std::chrono::milliseconds deadline);

}  // namespace isl::server::detail
