#include "server/island_stream.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <exception>
#include <utility>

#include "isl/detail/ascii.hpp"
#include "server/site_render.hpp"

namespace isl::server::detail {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

StreamedIslands::StreamedIslands(std::shared_ptr<DynamicHandler> handler, std::shared_ptr<const IslandStream> plan,
                                 asio::any_io_executor connection, Clock::time_point deadline)
    : handler_(std::move(handler)),
      plan_(std::move(plan)),
      connection_(std::move(connection)),
      deadline_(deadline),
      wake_(connection_),
      sent_(plan_->islands.size(), false),
      pending_(plan_->islands.size()) {}

void StreamedIslands::start(const asio::any_io_executor& pool) {
  for (std::size_t i = 0; i < plan_->islands.size(); ++i) {
    asio::post(pool, [self = shared_from_this(), i] { self->render(i); });
  }
}

void StreamedIslands::render(std::size_t index) {
  if (abandoned_.load()) return;
  const HttpRequest& request = plan_->islands[index];
  // The same exception policy and defaults as a fetched island's answer.
  HttpReply answer = resolve_and_render(*handler_, request).reply;
  add_reply_defaults(answer.headers, DynamicHandler::Kind::island);
  std::string piece;
  try {
    piece = plan_->piece(index, std::move(answer));
  } catch (const std::exception& e) {
    spdlog::error("streamed island {}: {}", request.path, e.what());
    piece = plan_->timed_out(index);
  }
  deliver(index, std::move(piece));
}

void StreamedIslands::deliver(std::size_t index, std::string piece) {
  {
    std::lock_guard lock(mutex_);
    if (finished_ || sent_[index]) return;
    sent_[index] = true;
    --pending_;
    ready_ += piece;
  }
  // The wait is on the connection's thread: wake it there. A wake that finds no wait is harmless, since
  // next() looks at ready_ before every wait.
  asio::post(connection_, [self = shared_from_this()] { self->wake_.cancel(); });
}

asio::awaitable<std::string> StreamedIslands::next(bool& done) {
  for (;;) {
    {
      std::lock_guard lock(mutex_);
      if (!ready_.empty() || pending_ == 0) {
        done = pending_ == 0;
        if (done) finished_ = true;
        co_return std::exchange(ready_, std::string());
      }
      if (Clock::now() >= deadline_) {
        // The deadline ends the response: every island still pending is sent as failed.
        for (std::size_t i = 0; i < sent_.size(); ++i) {
          if (!sent_[i]) ready_ += plan_->timed_out(i);
        }
        finished_ = true;
        pending_ = 0;
        done = true;
        abandoned_.store(true);
        co_return std::exchange(ready_, std::string());
      }
    }
    wake_.expires_at(deadline_);
    boost::system::error_code ec;
    co_await wake_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
  }
}

Response streamed_response(Response page, const std::shared_ptr<DynamicHandler>& handler,
                           std::shared_ptr<const IslandStream> plan, const asio::any_io_executor& connection,
                           const asio::any_io_executor& pool, std::chrono::milliseconds deadline) {
  // Per visitor, and every proxy must pass it on as it comes (nginx reads this header).
  std::erase_if(page.headers, [](const auto& h) {
    return ascii::iequals(h.first, "Cache-Control") || ascii::iequals(h.first, "ETag") ||
           ascii::iequals(h.first, "Last-Modified") || ascii::iequals(h.first, "Content-Encoding") ||
           ascii::iequals(h.first, "X-Accel-Buffering");
  });
  page.headers.emplace_back("Cache-Control", "private, no-store");
  page.headers.emplace_back("X-Accel-Buffering", "no");
  page.body_offset = 0;
  page.body_length = std::string_view::npos;
  page.stream = std::make_shared<StreamedIslands>(handler, std::move(plan), connection, Clock::now() + deadline);
  page.stream->start(pool);
  return page;
}

}  // namespace isl::server::detail
