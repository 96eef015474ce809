// Serving one accepted connection (plain TCP or TLS), as a coroutine on its I/O thread.
#pragma once

#include <boost/asio/ip/tcp.hpp>

#include <memory>

#include "server/shared_state.hpp"

namespace isl::server::detail {

// The socket must be bound to one I/O thread's io_context (io_threads.hpp), which only
// that thread runs: the session's coroutine, its timer and the shutdown calls all run
// there, one at a time.
void start_plain_session(const std::shared_ptr<Shared>& shared, boost::asio::ip::tcp::socket socket);
// Defined in tls.cpp; needs shared->tls.
void start_tls_session(const std::shared_ptr<Shared>& shared, boost::asio::ip::tcp::socket socket);

}  // namespace isl::server::detail
