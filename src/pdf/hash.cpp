#include "pdf/hash.hpp"

#include <qpdf/QPDFCryptoProvider.hh>

#include <cstdio>
#include <memory>

namespace preflight {
namespace {
std::string hex(const std::string& raw) {
  static const char* digits = "0123456789abcdef";
  std::string h;
  h.reserve(raw.size() * 2);
  for (unsigned char c : raw) {
    h += digits[c >> 4];
    h += digits[c & 15];
  }
  return h;
}
}  // namespace

std::string sha256_hex_of(const std::string& bytes) {
  auto impl = QPDFCryptoProvider::getImpl();
  impl->SHA2_init(256);
  impl->SHA2_update(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  impl->SHA2_finalize();
  return hex(impl->SHA2_digest());
}

std::optional<std::string> sha256_file_hex(const std::string& path) {
  std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) return std::nullopt;
  auto impl = QPDFCryptoProvider::getImpl();
  impl->SHA2_init(256);
  std::string buf(1 << 16, '\0');
  std::size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), f.get())) > 0)
    impl->SHA2_update(reinterpret_cast<const unsigned char*>(buf.data()), n);
  if (std::ferror(f.get())) return std::nullopt;
  impl->SHA2_finalize();
  return hex(impl->SHA2_digest());
}

}  // namespace preflight
