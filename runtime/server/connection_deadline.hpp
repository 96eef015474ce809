// One timer for all of a connection's timeouts.
//
// Beast's tcp_stream arms a timer when each read or write starts and cancels it when it
// ends: with a read and a write a request, that is four timer operations (each a lock on
// the timer queue and, when the earliest timer moves, a timerfd_settime call). Here a
// deadline is a time the connection stores; the one timer waits for the earliest deadline
// it has seen and, when it fires, either finds the deadline moved later (it waits again,
// once) or closes the socket, failing what it is doing and whatever the connection tries
// next. Deadlines usually move later (read, then write, then the keep-alive wait), so a
// busy connection touches its timer about once per read timeout instead of four times a
// request. While no deadline should run (an answer being made), the connection sets none().
//
// Not thread-safe: used on the connection's I/O thread only (the timer runs there too).
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/system/error_code.hpp>

#include <chrono>
#include <memory>

namespace isl::server::detail {

class ConnectionDeadline {
 public:
  using Clock = std::chrono::steady_clock;

  explicit ConnectionDeadline(boost::asio::ip::tcp::socket& socket);

  // Starts watching. The timer's handler holds `owner` weakly: it touches this object only
  // while its owner (the connection that contains it) is alive.
  void start(std::weak_ptr<void> owner);

  // From now on the socket's operations must end by `when`; past it the socket is closed
  // and expired() is true.
  void expires_at(Clock::time_point when);
  void expires_after(std::chrono::milliseconds within) { expires_at(Clock::now() + within); }
  // No deadline until the next one is set: while nothing is asked of the socket for a
  // while (an answer being made has bounds of its own).
  void none() { expires_at(Clock::time_point::max()); }

  // Whether the last deadline passed (and the socket was closed for it).
  bool expired() const { return expired_; }

  // `ec` as the connection reports it: an operation that failed because the deadline passed
  // is a timeout (beast::error::timeout, as Beast's own streams report it).
  boost::system::error_code classify(const boost::system::error_code& ec) const;

 private:
  void wait();
  void on_timer();

  boost::asio::ip::tcp::socket& socket_;
  boost::asio::steady_timer timer_;
  std::weak_ptr<void> owner_;
  Clock::time_point deadline_ = Clock::time_point::max();
  bool expired_ = false;
};

}  // namespace isl::server::detail
