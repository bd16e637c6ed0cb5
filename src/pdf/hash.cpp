#include "pdf/hash.hpp"

// SHA-256 (FIPS 180-4), written here so that no crypto library has to be
// loaded at start-up: qpdf's provider brought gnutls and its chain (about
// 3 ms on every run, see issue 13). The test vectors of FIPS 180-4 are in
// tests/test_units.cpp.
#include <array>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>
#endif

namespace preflight {
namespace {

constexpr std::uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

constexpr std::uint32_t rotr(std::uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

#if defined(__x86_64__)
// The SHA extensions of x86 (Intel since Goldmont/Ice Lake, AMD since Zen):
// 4 rounds per instruction pair, about 8x the portable code. The message
// schedule: W(i) = msg2(msg1(W(i-4), W(i-3)) + alignr(W(i-1), W(i-2)), W(i-1)).
__attribute__((target("sha,sse4.1,ssse3"))) void compress_shani(std::uint32_t h[8], const unsigned char* p,
                                                                std::size_t blocks) {
  const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
  __m128i t = _mm_shuffle_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(h)), 0xB1);  // CDAB
  __m128i s1 = _mm_shuffle_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(h + 4)), 0x1B);  // EFGH
  __m128i s0 = _mm_alignr_epi8(t, s1, 8);   // ABEF
  s1 = _mm_blend_epi16(s1, t, 0xF0);        // CDGH
  for (; blocks > 0; --blocks, p += 64) {
    const __m128i abef = s0, cdgh = s1;
    __m128i w[4];
    for (int i = 0; i < 4; ++i)
      w[i] = _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * i)), bswap);
    for (int i = 0; i < 16; ++i) {
      if (i >= 4) {
        __m128i x = _mm_sha256msg1_epu32(w[i % 4], w[(i - 3) % 4]);
        x = _mm_add_epi32(x, _mm_alignr_epi8(w[(i - 1) % 4], w[(i - 2) % 4], 4));
        w[i % 4] = _mm_sha256msg2_epu32(x, w[(i - 1) % 4]);
      }
      __m128i m = _mm_add_epi32(w[i % 4], _mm_loadu_si128(reinterpret_cast<const __m128i*>(K + 4 * i)));
      s1 = _mm_sha256rnds2_epu32(s1, s0, m);
      s0 = _mm_sha256rnds2_epu32(s0, s1, _mm_shuffle_epi32(m, 0x0E));
    }
    s0 = _mm_add_epi32(s0, abef);
    s1 = _mm_add_epi32(s1, cdgh);
  }
  t = _mm_shuffle_epi32(s0, 0x1B);          // FEBA
  s1 = _mm_shuffle_epi32(s1, 0xB1);         // DCHG
  s0 = _mm_blend_epi16(t, s1, 0xF0);        // DCBA
  s1 = _mm_alignr_epi8(s1, t, 8);           // HGFE
  _mm_storeu_si128(reinterpret_cast<__m128i*>(h), s0);
  _mm_storeu_si128(reinterpret_cast<__m128i*>(h + 4), s1);
}

bool have_shani() {
  static const bool yes = [] {
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & bit_SSE4_1) || !(c & bit_SSSE3)) return false;
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return false;
    return (b & bit_SHA) != 0;
  }();
  return yes;
}
#endif

class Sha256 {
 public:
  explicit Sha256(bool allow_hw = true) {
#if defined(__x86_64__)
    hw_ = allow_hw && have_shani();
#else
    (void)allow_hw;
#endif
  }
  void update(const unsigned char* p, std::size_t n) {
    total_ += n;
    if (used_) {
      std::size_t take = std::min(n, sizeof block_ - used_);
      std::memcpy(block_ + used_, p, take);
      used_ += take, p += take, n -= take;
      if (used_ < sizeof block_) return;
      compress(block_);
      used_ = 0;
    }
#if defined(__x86_64__)
    if (hw_ && n >= 64) {
      compress_shani(h_.data(), p, n / 64);
      p += n / 64 * 64, n %= 64;
    }
#endif
    for (; n >= 64; p += 64, n -= 64) compress(p);
    std::memcpy(block_, p, n);
    used_ = n;
  }
  std::string hex() {
    const std::uint64_t bits = total_ * 8;
    unsigned char pad[72] = {0x80};
    std::size_t padlen = (used_ < 56 ? 56 : 120) - used_;
    for (int i = 0; i < 8; ++i) pad[padlen + static_cast<std::size_t>(i)] = static_cast<unsigned char>(bits >> (56 - 8 * i));
    update(pad, padlen + 8);
    static const char* digits = "0123456789abcdef";
    std::string h;
    for (std::uint32_t v : h_)
      for (int s = 28; s >= 0; s -= 4) h += digits[(v >> s) & 15];
    return h;
  }

 private:
  void compress(const unsigned char* p) {
#if defined(__x86_64__)
    if (hw_) return compress_shani(h_.data(), p, 1);
#endif
    std::uint32_t w[64];
    for (int i = 0; i < 16; ++i)
      w[i] = std::uint32_t(p[4 * i]) << 24 | std::uint32_t(p[4 * i + 1]) << 16 | std::uint32_t(p[4 * i + 2]) << 8 | p[4 * i + 3];
    for (int i = 16; i < 64; ++i) {
      std::uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
      std::uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
      w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    std::uint32_t a = h_[0], b = h_[1], c = h_[2], d = h_[3], e = h_[4], f = h_[5], g = h_[6], h = h_[7];
    for (int i = 0; i < 64; ++i) {
      std::uint32_t t1 = h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i];
      std::uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
      h = g, g = f, f = e, e = d + t1, d = c, c = b, b = a, a = t1 + t2;
    }
    h_[0] += a, h_[1] += b, h_[2] += c, h_[3] += d, h_[4] += e, h_[5] += f, h_[6] += g, h_[7] += h;
  }

  std::array<std::uint32_t, 8> h_{0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                  0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  unsigned char block_[64]{};
  std::size_t used_ = 0;
  std::uint64_t total_ = 0;
  bool hw_ = false;
};

}  // namespace

std::string sha256_hex_of(const std::string& bytes, bool allow_hw) {
  Sha256 s(allow_hw);
  s.update(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  return s.hex();
}

std::optional<std::string> sha256_file_hex(const std::string& path) {
  std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) return std::nullopt;
  Sha256 s;
  std::string buf(1 << 16, '\0');
  std::size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), f.get())) > 0)
    s.update(reinterpret_cast<const unsigned char*>(buf.data()), n);
  if (std::ferror(f.get())) return std::nullopt;
  return s.hex();
}

}  // namespace preflight
