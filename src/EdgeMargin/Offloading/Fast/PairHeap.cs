using System.Runtime.CompilerServices;
using EdgeMargin.Scenarios;

namespace EdgeMargin.Offloading.Fast;

/// <summary>
/// A binary min-heap of (user, server) pairs keyed by a gap that is a lower bound of the pair's current gap, ordered
/// by (gap, pair) where pair = i * M + j, so equal gaps fall back to the lowest user, then the lowest server: the
/// direct scan's tie rule. Two parallel flat arrays; reused across runs.
/// </summary>
internal sealed class PairHeap
{
    private double[] _keys = [];
    private int[] _pairs = [];
    private int _size;

    /// <summary>Entries currently held (including stale ones of users placed since).</summary>
    public int Count => _size;

    /// <summary>
    /// Fills the heap with every pair of an unplaced user of <paramref name="role"/> on a server below the cap, keyed by
    /// its gap in the current state, leaving out pairs that can never be chosen in this phase.
    /// </summary>
    public void Build(Scenario scenario, ReadOnlySpan<CandidateRole> roles, CandidateRole role, int[] counts, double[] interference,
        bool weighted, int cap, bool dropInfinite, bool dropNonNegative)
    {
        int n = scenario.UserCount, m = scenario.ServerCount;
        int needed = 0;
        foreach (var r in roles) if (r == role) needed++;
        needed *= m;
        if (_keys.Length < needed)
        {
            _keys = new double[needed];
            _pairs = new int[needed];
        }
        var keys = _keys;
        var pairs = _pairs;
        int size = 0;
        for (int i = 0; i < n; i++)
        {
            if (roles[i] != role) continue;
            int row = i * m;
            for (int j = 0; j < m; j++)
            {
                if (counts[j] >= cap) continue;
                double g = DelayModel.Gap(scenario, i, j, counts[j] + 1, interference[j], weighted);
                if (Dropped(g, dropInfinite, dropNonNegative)) continue;
                keys[size] = g;
                pairs[size] = row + j;
                size++;
            }
        }
        _size = size;
        for (int k = (size >> 1) - 1; k >= 0; k--) SiftDown(k);
    }

    /// <summary>
    /// Removes and returns the pair the direct scan would choose now (i * M + j), or -1 when no pair is left.
    /// Refreshes only the top: a stale key is a lower bound, so a refreshed top that stays on top is the true minimum.
    /// </summary>
    public int PopBest(Scenario scenario, int[] serverOf, int[] counts, double[] interference, bool weighted, int cap,
        bool dropInfinite, bool dropNonNegative)
    {
        int m = scenario.ServerCount;
        var keys = _keys;
        var pairs = _pairs;
        while (_size > 0)
        {
            int p = pairs[0];
            int i = p / m, j = p - i * m;
            if (serverOf[i] != Assignment.Local || counts[j] >= cap)
            {
                RemoveTop();
                continue;
            }
            double g = DelayModel.Gap(scenario, i, j, counts[j] + 1, interference[j], weighted);
            if (Dropped(g, dropInfinite, dropNonNegative))
            {
                RemoveTop();
                continue;
            }
            // Equal to its lower bound: it was already no greater than every other key.
            if (g == keys[0])
            {
                RemoveTop();
                return p;
            }
            keys[0] = g;
            SiftDown(0);
            if (pairs[0] == p)
            {
                RemoveTop();
                return p;
            }
        }
        return -1;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Dropped(double g, bool dropInfinite, bool dropNonNegative)
        => (dropNonNegative && !(g < 0)) || (dropInfinite && g == double.PositiveInfinity);

    private void RemoveTop()
    {
        int last = --_size;
        if (last == 0) return;
        _keys[0] = _keys[last];
        _pairs[0] = _pairs[last];
        SiftDown(0);
    }

    private void SiftDown(int k)
    {
        var keys = _keys;
        var pairs = _pairs;
        int size = _size;
        double key = keys[k];
        int pair = pairs[k];
        while (true)
        {
            int c = 2 * k + 1;
            if (c >= size) break;
            double ck = keys[c];
            int cp = pairs[c];
            int r = c + 1;
            if (r < size)
            {
                double rk = keys[r];
                int rp = pairs[r];
                if (rk < ck || (rk == ck && rp < cp))
                {
                    c = r;
                    ck = rk;
                    cp = rp;
                }
            }
            if (!(ck < key || (ck == key && cp < pair))) break;
            keys[k] = ck;
            pairs[k] = cp;
            k = c;
        }
        keys[k] = key;
        pairs[k] = pair;
    }
}
