// HTTPS: the OpenSSL context built from Options::tls_certificate / tls_private_key.
#pragma once

#include <memory>

#include "server/server.hpp"

namespace boost::asio::ssl {
class context;
}

namespace isl::server::detail {

// TLS 1.2+, the PEM certificate chain and private key, ALPN "http/1.1". Throws
// std::runtime_error naming the file when either cannot be loaded.
std::shared_ptr<boost::asio::ssl::context> make_tls_context(const Options& options);

}  // namespace isl::server::detail
