#include "server/connection_deadline.hpp"

#include <boost/asio/error.hpp>
#include <boost/beast/core/error.hpp>

namespace isl::server::detail {

ConnectionDeadline::ConnectionDeadline(boost::asio::ip::tcp::socket& socket)
    : socket_(socket), timer_(socket.get_executor(), Clock::time_point::max()) {}

void ConnectionDeadline::start(std::weak_ptr<void> owner) {
  owner_ = std::move(owner);
  wait();  // for the deadline set so far (none: the timer's expiry is the clock's end)
}

void ConnectionDeadline::expires_at(Clock::time_point when) {
  deadline_ = when;
  expired_ = false;
  // Earlier than the timer's: bring the timer forward. That cancels its pending wait, whose
  // handler then returns without waiting again (this one replaces it). Later: the timer
  // finds out when it fires.
  if (when < timer_.expiry()) {
    timer_.expires_at(when);
    wait();
  }
}

boost::system::error_code ConnectionDeadline::classify(const boost::system::error_code& ec) const {
  if (expired_ && ec) return boost::beast::error::timeout;  // whatever the closed socket made of it
  return ec;
}

void ConnectionDeadline::wait() {
  if (owner_.expired()) return;  // not started, or the connection is ending
  timer_.async_wait([this, owner = owner_](const boost::system::error_code& ec) {
    if (ec) return;  // replaced by a nearer wait, or the timer is being destroyed
    const auto alive = owner.lock();
    if (!alive) return;
    on_timer();
  });
}

void ConnectionDeadline::on_timer() {
  if (Clock::now() < deadline_) {
    timer_.expires_at(deadline_);  // the deadline moved later since this wait began
  } else {
    expired_ = true;
    deadline_ = Clock::time_point::max();
    // Closed, not cancelled (as Beast's streams do): a read that completed just before this
    // but whose handler has not run yet would otherwise start the next read unbounded.
    boost::system::error_code ignored;
    socket_.close(ignored);
    timer_.expires_at(deadline_);  // until the connection sets its next deadline
  }
  wait();
}

}  // namespace isl::server::detail
