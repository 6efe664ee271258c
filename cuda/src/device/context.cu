#include "context.cuh"

#include <string>

namespace olafhe {

Context::Context(int device) : device_(device) {
    int count = 0;
    OLAFHE_CUDA_CHECK(cudaGetDeviceCount(&count));
    require(device >= 0 && device < count,
            "device " + std::to_string(device) + " does not exist (" + std::to_string(count) + " found)");
    activate();
    OLAFHE_CUDA_CHECK(cudaStreamCreateWithFlags(&stream_, cudaStreamNonBlocking));
}

Context::~Context() {
    // destructors must not throw: failures here can only leak, and the process is usually ending
    cudaSetDevice(device_);
    cudaStreamSynchronize(stream_);
    pool_.trim();
    cudaStreamDestroy(stream_);
}

Ring::Ring(std::shared_ptr<Context> context, int log_n, const uint64_t* moduli, const uint64_t* psi, int q_total,
           int p_total)
    : context_(std::move(context)), log_n_(log_n), q_total_(q_total), p_total_(p_total) {
    require(log_n >= 1 && log_n <= 17, "logN must be in [1, 17], got " + std::to_string(log_n));
    require(q_total >= 1 && p_total >= 0, "a ring needs at least one Q modulus");
    const size_t total = static_cast<size_t>(q_total + p_total);
    const size_t n = size_t{1} << log_n;
    std::vector<uint64_t> rev(total * n), rev_shoup(total * n), inv_rev(total * n), inv_rev_shoup(total * n);
    std::vector<uint64_t> n_inv(total);
    for (size_t r = 0; r < total; r++) {
        const arith::NttTables t = arith::make_ntt_tables(moduli[r], psi[r], log_n);
        moduli_.push_back(t.modulus);
        std::copy(t.psi_rev.begin(), t.psi_rev.end(), rev.begin() + static_cast<long>(r * n));
        std::copy(t.psi_rev_shoup.begin(), t.psi_rev_shoup.end(), rev_shoup.begin() + static_cast<long>(r * n));
        std::copy(t.psi_inv_rev.begin(), t.psi_inv_rev.end(), inv_rev.begin() + static_cast<long>(r * n));
        std::copy(t.psi_inv_rev_shoup.begin(), t.psi_inv_rev_shoup.end(),
                  inv_rev_shoup.begin() + static_cast<long>(r * n));
        n_inv[r] = t.n_inv;
    }
    Context& c = *context_;
    d_moduli_ = to_device(c, moduli_);
    psi_rev_ = to_device(c, rev);
    psi_rev_shoup_ = to_device(c, rev_shoup);
    psi_inv_rev_ = to_device(c, inv_rev);
    psi_inv_rev_shoup_ = to_device(c, inv_rev_shoup);
    n_inv_host_ = std::move(n_inv);
    // ModDown's constants: with P the product of the P moduli (odd), floor(P/2) = (P - 1)/2 mod every modulus and
    // P^-1 mod every Q modulus
    for (size_t r = 0; r < total; r++) {
        const arith::Modulus& m = moduli_[r];
        uint64_t p = 1;
        for (int i = 0; i < p_total; i++) {
            p = arith::mul_mod(p, moduli_[static_cast<size_t>(q_total + i)].value % m.value, m);
        }
        half_p_.push_back(arith::mul_mod(arith::sub_mod(p, 1 % m.value, m.value), arith::inverse_mod(2, m), m));
        if (r < static_cast<size_t>(q_total)) {
            p_inverse_.push_back(p_total > 0 ? arith::inverse_mod(p, m) : 1);
        }
    }
    last_inverses_.resize(static_cast<size_t>(q_total));
    OLAFHE_CUDA_CHECK(cudaStreamSynchronize(c.stream()));  // the host vectors go out of scope next
}

std::shared_ptr<const arith::BasisConversion> Ring::conversion(const std::vector<int>& source,
                                                               const std::vector<int>& target) const {
    auto key = std::make_pair(source, target);
    auto it = conversions_.find(key);
    if (it == conversions_.end()) {
        if (conversions_.size() >= kCacheEntries) {
            conversions_.clear();  // holders keep theirs alive (shared_ptr)
        }
        std::vector<arith::Modulus> from, to;
        for (int r : source) {
            from.push_back(modulus(r));
        }
        for (int r : target) {
            to.push_back(modulus(r));
        }
        auto constants = std::make_shared<const arith::BasisConversion>(arith::make_basis_conversion(from, to));
        it = conversions_.emplace(std::move(key), std::move(constants)).first;
    }
    return it->second;
}

std::shared_ptr<const std::vector<uint64_t>> Ring::last_modulus_inverses(int last) const {
    require(last >= 1 && last < q_total_, "rescale needs a last Q modulus index in [1, " + std::to_string(q_total_)
                                              + "), got " + std::to_string(last));
    auto& slot = last_inverses_[static_cast<size_t>(last)];
    if (!slot) {
        std::vector<uint64_t> inverses;
        for (int l = 0; l < last; l++) {
            inverses.push_back(arith::inverse_mod(modulus(last).value % modulus(l).value, modulus(l)));
        }
        slot = std::make_shared<const std::vector<uint64_t>>(std::move(inverses));
    }
    return slot;
}

Poly::Poly(std::shared_ptr<Ring> ring, int q_count, int p_count) : Poly(std::move(ring), q_count, p_count, Uninitialised{}) {
    Context& owner = ring_->context();
    memset_async(owner.counters(), data_.get(), 0, data_.size() * sizeof(uint64_t), owner.stream());
}

Poly::Poly(std::shared_ptr<const Poly> base, int q_count, int p_count)
    : ring_(base->ring_shared()), q_count_(q_count), p_count_(p_count), base_(std::move(base)) {
    require(q_count >= 0 && q_count <= ring_->q_total() && p_count >= 0 && p_count <= ring_->p_total()
                && q_count + p_count > 0 && q_count + p_count <= base_->limbs(),
            "invalid view q=" + std::to_string(q_count) + " p=" + std::to_string(p_count) + " of a poly with "
                + std::to_string(base_->limbs()) + " limbs");
}

Poly::Poly(std::shared_ptr<Ring> ring, int q_count, int p_count, Uninitialised)
    : ring_(std::move(ring)), q_count_(q_count), p_count_(p_count) {
    require(q_count >= 0 && q_count <= ring_->q_total() && p_count >= 0 && p_count <= ring_->p_total()
                && q_count + p_count > 0,
            "invalid limb counts q=" + std::to_string(q_count) + " p=" + std::to_string(p_count) + " for a ring with "
                + std::to_string(ring_->q_total()) + " Q and " + std::to_string(ring_->p_total()) + " P moduli");
    data_ = DeviceBuffer<uint64_t>(ring_->context(), static_cast<size_t>(limbs()) * ring_->n());
}

}  // namespace olafhe
