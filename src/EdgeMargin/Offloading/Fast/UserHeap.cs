using System.Runtime.CompilerServices;
using EdgeMargin.Scenarios;

namespace EdgeMargin.Offloading.Fast;

/// <summary>
/// Lower bounds of every live (user, server) gap, kept as one flat row of M values per user, plus a binary min-heap of
/// users keyed by the smallest bound in their row. Order is (bound, user) in the heap and (bound, server) within a row,
/// which together is the direct scan's (gap, user, server) tie rule. A user heap is M times smaller than a pair heap,
/// and the user placed is always the top, so no dead entries pile up.
/// </summary>
internal sealed class UserHeap
{
    /// <summary>Marks a pair that can never be chosen again in this phase (NaN never compares less than anything).</summary>
    private const double Dead = double.NaN;

    private double[] _bound = [];
    private double[] _heapKey = [];
    private int[] _heapUser = [];
    private ServerState[] _states = [];
    private readonly ServerColumns _columns = new();
    private double[] _upper = [];
    private double[] _upperAhead = [];
    private int _size;
    private int _m;
    private int _vectorServers;

    /// <summary>Users still holding at least one live pair.</summary>
    public int Count => _size;

    /// <summary>
    /// Bounds every pair of a user of <paramref name="role"/> on a server below the cap by its gap in the current state,
    /// drops pairs that can never be chosen in this phase, and heaps the users that keep a live pair. With
    /// <paramref name="intervals"/>, servers in whole groups of four are bounded by <see cref="GapInterval"/> (no logarithm)
    /// and the others by their exact gaps; without, every bound is an exact gap.
    /// </summary>
    public void Build(Scenario scenario, ReadOnlySpan<CandidateRole> roles, CandidateRole role, int[] counts, double[] interference,
        bool weighted, int cap, bool dropInfinite, bool dropNonNegative, bool intervals)
    {
        int n = scenario.UserCount, m = scenario.ServerCount;
        _m = m;
        _vectorServers = intervals ? m & ~3 : 0;
        int vec = _vectorServers;
        if (_bound.Length < n * m) _bound = new double[n * m];
        if (_states.Length < m)
        {
            _states = new ServerState[m];
            _upper = new double[m];
            _upperAhead = new double[m];
        }
        _columns.EnsureCapacity(m);
        var states = _states;
        double maxShare = 0;
        for (int j = 0; j < m; j++)
        {
            states[j] = DelayModel.StateOf(scenario, j, counts[j] + 1, interference[j]);
            // Every column is set here: a new phase's counts may match a stale CountSeen by chance.
            if (vec > 0) _columns.Set(j, states[j], counts[j], cap);
            if (counts[j] < cap) maxShare = Math.Max(maxShare, states[j].ComputeShareFlops);
        }
        var work = scenario.EdgeWorkEstimate;
        var local = scenario.LocalDelayS;
        var u = scenario.Uncertainty;
        var bits = scenario.PayloadBits;
        var power = scenario.ReceivedPowerW;
        // At least three slots, so PopBest's runner-up test may read slot 2 of a smaller heap without a bounds branch.
        if (_heapKey.Length < Math.Max(n, 3))
        {
            _heapKey = new double[Math.Max(n, 3)];
            _heapUser = new int[Math.Max(n, 3)];
        }
        var bound = _bound;
        var heapUser = _heapUser;
        // Which users take part is as good as random to the branch predictor, so they are gathered first without a branch
        // (into the heap's own user slots, which the loop below then fills from the front).
        int candidates = 0;
        for (int i = 0; i < n; i++)
        {
            heapUser[candidates] = i;
            bool takesPart = roles[i] == role;
            if (dropNonNegative)
            {
                // Upload time is >= 0 and the fastest compute share gives the smallest edge time, so this bounds every
                // gap of the user from below with the same rounding; a user it rules out costs no logarithm at all.
                double lower = work[i] / maxShare - local[i];
                if (weighted) lower *= u[i];
                takesPart &= lower < 0;
            }
            candidates += takesPart ? 1 : 0;
        }
        int size = 0;
        for (int k = 0; k < candidates; k++)
        {
            int i = heapUser[k];
            int row = i * m;
            double key = double.NaN;
            int first = vec > 0
                ? GapInterval.Row<GapInterval.HardwareReciprocal>(in power[row], _columns, ref bound[row], ref _upper[0], vec, bits[i], work[i],
                    local[i], u[i], weighted, dropInfinite, dropNonNegative, out key, out _)
                : -1;
            // Servers outside the groups of four get their exact gaps and the minimum is taken over the whole row;
            // otherwise the bracket pass has already found it.
            if (vec < m)
            {
                for (int j = vec; j < m; j++)
                    bound[row + j] = ExactBound(scenario, i, j, states, counts, cap, weighted, dropInfinite, dropNonNegative);
                first = RowMin(bound, row, m, out key);
            }
            // A user with no live pair is overwritten by the next (size <= k, so no candidate is lost).
            _heapKey[size] = key;
            heapUser[size] = i;
            size += first >= 0 ? 1 : 0;
        }
        _size = size;
        for (int k = (size >> 1) - 1; k >= 0; k--) SiftDown(k);
    }

    /// <summary>
    /// Removes the user of the pair the direct scan would choose now and returns the pair as i * M + j, or -1 when no
    /// live pair is left. The top user's row is brought up to date and compared with the runner-up (the smaller child):
    /// a row minimum that beats the runner-up beats every other bound and so every other current gap.
    /// </summary>
    /// <remarks>
    /// With intervals, the row is first bracketed by <see cref="GapInterval"/>: when one server's upper bound is below every
    /// other lower bound in the row and below the runner-up's key, that pair is the direct scan's choice (strictly, so no tie
    /// is involved); when the smallest lower bound is not below the runner-up, the user sinks with it as its key. Only when
    /// the brackets overlap does the exact path below run, with the bracket lower bounds as its starting bounds. The exact
    /// path refreshes the bounds that could beat the runner-up in one sweep: all of a user's gaps drift up together with the
    /// interference, so pair by pair the same user would come back to the top many times in one step.
    /// </remarks>
    public int PopBest(Scenario scenario, int[] counts, double[] interference, bool weighted, int cap, bool dropInfinite, bool dropNonNegative)
    {
        int m = _m;
        int vec = _vectorServers;
        var bound = _bound;
        var keys = _heapKey;
        var users = _heapUser;
        var states = _states;
        var upper = _upper;
        var bits = scenario.PayloadBits;
        var power = scenario.ReceivedPowerW;
        var work = scenario.EdgeWorkEstimate;
        var local = scenario.LocalDelayS;
        var u = scenario.Uncertainty;
        // Every placement changes every server's state (its count or its interference). The exact states are needed for
        // the servers outside the groups of four at once, and for all servers only if the exact path runs.
        if (vec > 0) _columns.Refresh(scenario, counts.AsSpan(0, m), interference.AsSpan(0, m), cap, force: false);
        for (int j = vec; j < m; j++) states[j] = DelayModel.StateOf(scenario, j, counts[j] + 1, interference[j]);
        bool statesCurrent = vec == 0;
        // The user whose row was bracketed ahead in this state (-1: none), and what that bracket found.
        var aheadHi = _upperAhead;
        int ahead = -1, aheadFirst = -1;
        double aheadLowest = 0, aheadSecond = 0, aheadUpper = 0;
        while (_size > 0)
        {
            int i = users[0];
            int row = i * m;
            // Runner-up: the smaller child; with none, (+infinity, int.MaxValue) lets every live bound through below.
            double nextKey = double.PositiveInfinity;
            int nextUser = int.MaxValue;
            if (_size > 1)
            {
                // Which child is smaller is a coin toss for the branch predictor: select it without a branch.
                int c = (_size > 2) & Before(keys[2], users[2], keys[1], users[1]) ? 2 : 1;
                nextKey = keys[c];
                nextUser = users[c];
            }
            if (vec > 0)
            {
                int j1;
                double lo1, lo2, hi1;
                if (i == ahead)
                {
                    j1 = aheadFirst;
                    lo1 = aheadLowest;
                    lo2 = aheadSecond;
                    hi1 = aheadUpper;
                    ahead = -1;
                }
                else
                {
                    j1 = GapInterval.Row<GapInterval.HardwareReciprocal>(in power[row], _columns, ref bound[row], ref upper[0], vec, bits[i], work[i], local[i], u[i],
                        weighted, dropInfinite, dropNonNegative, out lo1, out lo2);
                    hi1 = j1 >= 0 ? upper[j1] : double.PositiveInfinity;
                }
                // Servers outside the groups of four get their exact gaps: a bracket of width zero.
                for (int j = vec; j < m; j++)
                {
                    double g = ExactBound(scenario, i, j, states, counts, cap, weighted, dropInfinite, dropNonNegative);
                    bound[row + j] = g;
                    if (double.IsNaN(g)) continue;
                    if (j1 < 0 || g < lo1)
                    {
                        lo2 = Math.Min(lo2, lo1);
                        lo1 = g;
                        hi1 = g;
                        j1 = j;
                    }
                    else lo2 = Math.Min(lo2, g);
                }
                if (j1 < 0)
                {
                    RemoveTop();
                    continue;
                }
                // Strictly below every other bound and the runner-up's key: the unique smallest current gap, and live
                // (finite because below something; negative where the phase drops the rest). The tests use & rather than
                // && so that each is one hard-to-predict branch at the end of the bracket computation, not three.
                if ((hi1 < lo2) & (hi1 < nextKey) & (!dropNonNegative | (hi1 < 0)))
                {
                    RemoveTop();
                    return row + j1;
                }
                if (!Before(lo1, i, nextKey, nextUser))
                {
                    if (vec == m && nextUser != int.MaxValue)
                    {
                        // A sinking top always gives way to its smaller child, the runner-up: bracket that row now (valid until
                        // the next placement), so the work runs while this user sifts down rather than after it.
                        int c = nextUser, crow = c * m;
                        aheadFirst = GapInterval.Row<GapInterval.HardwareReciprocal>(in power[crow], _columns, ref bound[crow], ref aheadHi[0], vec, bits[c], work[c], local[c], u[c],
                            weighted, dropInfinite, dropNonNegative, out aheadLowest, out aheadSecond);
                        aheadUpper = aheadFirst >= 0 ? aheadHi[aheadFirst] : double.PositiveInfinity;
                        ahead = c;
                    }
                    keys[0] = lo1;
                    SiftDown(0);
                    continue;
                }
            }
            if (!statesCurrent)
            {
                for (int j = 0; j < vec; j++) states[j] = DelayModel.StateOf(scenario, j, counts[j] + 1, interference[j]);
                statesCurrent = true;
            }
            // One pass: refresh the bounds that could beat the runner-up and take the row minimum (dead = NaN fails
            // every comparison; a live +infinity is remembered separately because nothing is below the start value).
            var r = bound.AsSpan(row, m);
            double key = double.PositiveInfinity;
            int bj = -1, firstInfinite = -1;
            for (int j = 0; j < r.Length; j++)
            {
                double b = r[j];
                if (Before(b, i, nextKey, nextUser))
                {
                    b = ExactBound(scenario, i, j, states, counts, cap, weighted, dropInfinite, dropNonNegative);
                    r[j] = b;
                }
                if (b < key)
                {
                    key = b;
                    bj = j;
                }
                else if (firstInfinite < 0 && b == double.PositiveInfinity) firstInfinite = j;
            }
            if (bj < 0) bj = firstInfinite;
            if (bj < 0)
            {
                RemoveTop();
                continue;
            }
            // A row minimum that beats the runner-up was refreshed above (its old bound was no larger), so it is current.
            if (Before(key, i, nextKey, nextUser))
            {
                RemoveTop();
                return row + bj;
            }
            keys[0] = key;
            SiftDown(0);
        }
        return -1;
    }

    /// <summary>The exact gap of (i, j) in the current state, or <see cref="Dead"/> for a full server or a pair the phase drops.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double ExactBound(Scenario scenario, int i, int j, ServerState[] states, int[] counts, int cap, bool weighted,
        bool dropInfinite, bool dropNonNegative)
    {
        double g = counts[j] >= cap ? Dead : DelayModel.Gap(scenario, i, j, states[j], weighted);
        return Dropped(g, dropInfinite, dropNonNegative) ? Dead : g;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Dropped(double g, bool dropInfinite, bool dropNonNegative)
        => (dropNonNegative && !(g < 0)) || (dropInfinite && g == double.PositiveInfinity) || double.IsNaN(g);

    /// <summary>Smallest live bound of a row and its server (lowest index among equals); -1 when the row is all dead.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int RowMin(double[] bound, int row, int m, out double key)
    {
        int bj = -1;
        key = Dead;
        for (int j = 0; j < m; j++)
        {
            double v = bound[row + j];
            if (double.IsNaN(v)) continue;
            if (bj < 0 || v < key)
            {
                key = v;
                bj = j;
            }
        }
        return bj;
    }

    /// <summary>(a, ua) before (b, ub) in (key, user) order, evaluated without branches.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Before(double a, int ua, double b, int ub) => (a < b) | ((a == b) & (ua < ub));

    private void RemoveTop()
    {
        int last = --_size;
        if (last == 0) return;
        _heapKey[0] = _heapKey[last];
        _heapUser[0] = _heapUser[last];
        SiftDown(0);
    }

    /// <remarks>
    /// The comparisons are <see cref="Before"/> written out with short-circuits: here they are cheap loads the predictor
    /// often gets right, and the branch-free form measured about 5 % slower over whole epochs.
    /// </remarks>
    private void SiftDown(int k)
    {
        var keys = _heapKey;
        var users = _heapUser;
        int size = _size;
        double key = keys[k];
        int user = users[k];
        while (true)
        {
            int c = 2 * k + 1;
            if (c >= size) break;
            double ck = keys[c];
            int cu = users[c];
            int r = c + 1;
            if (r < size)
            {
                double rk = keys[r];
                int ru = users[r];
                if (rk < ck || (rk == ck && ru < cu))
                {
                    c = r;
                    ck = rk;
                    cu = ru;
                }
            }
            if (!(ck < key || (ck == key && cu < user))) break;
            keys[k] = ck;
            users[k] = cu;
            k = c;
        }
        keys[k] = key;
        users[k] = user;
    }
}
