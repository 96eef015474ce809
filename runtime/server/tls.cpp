// TLS connections: the context, and the session template instantiated on ssl_stream.
#include "server/tls.hpp"

#include <boost/asio/ssl.hpp>
#include <boost/beast/ssl.hpp>
#include <openssl/ssl.h>

#include <stdexcept>

#include "server/session.hpp"
#include "server/session_impl.hpp"

namespace isl::server::detail {

namespace {

// Select "http/1.1" when the client offers it; HTTP/2 is not spoken here.
int select_alpn(SSL*, const unsigned char** out, unsigned char* outlen, const unsigned char* in, unsigned int inlen,
                void*) {
  static const unsigned char kHttp11[] = {8, 'h', 't', 't', 'p', '/', '1', '.', '1'};
  unsigned char* selected = nullptr;
  if (SSL_select_next_proto(&selected, outlen, kHttp11, sizeof kHttp11, in, inlen) == OPENSSL_NPN_NEGOTIATED) {
    *out = selected;
    return SSL_TLSEXT_ERR_OK;
  }
  return SSL_TLSEXT_ERR_NOACK;
}

}  // namespace

std::shared_ptr<asio::ssl::context> make_tls_context(const Options& options) {
  auto ctx = std::make_shared<asio::ssl::context>(asio::ssl::context::tls_server);
  ctx->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                   asio::ssl::context::no_sslv3 | asio::ssl::context::single_dh_use);
  SSL_CTX_set_min_proto_version(ctx->native_handle(), TLS1_2_VERSION);
  boost::system::error_code ec;
  ctx->use_certificate_chain_file(options.tls_certificate, ec);
  if (ec) throw std::runtime_error("TLS certificate " + options.tls_certificate + ": " + ec.message());
  ctx->use_private_key_file(options.tls_private_key, asio::ssl::context::pem, ec);
  if (ec) throw std::runtime_error("TLS private key " + options.tls_private_key + ": " + ec.message());
  if (SSL_CTX_check_private_key(ctx->native_handle()) != 1) {
    throw std::runtime_error("TLS private key " + options.tls_private_key + " does not match the certificate");
  }
  SSL_CTX_set_alpn_select_cb(ctx->native_handle(), select_alpn, nullptr);
  return ctx;
}

void start_tls_session(const std::shared_ptr<Shared>& shared, asio::ip::tcp::socket socket) {
  beast::error_code ec;
  const auto endpoint = socket.remote_endpoint(ec);
  std::string remote = ec ? std::string("-") : endpoint.address().to_string();
  socket.set_option(asio::ip::tcp::no_delay(true), ec);
  launch_session<beast::ssl_stream<asio::ip::tcp::socket>>(shared, std::move(remote), std::move(socket), *shared->tls);
}

}  // namespace isl::server::detail
