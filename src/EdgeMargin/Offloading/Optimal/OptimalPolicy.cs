using EdgeMargin.Offloading.Policies;
using EdgeMargin.Scenarios;

namespace EdgeMargin.Offloading.Optimal;

/// <summary>
/// The exact minimum of <see cref="PaperObjective"/> (uncertainty-weighted) under GOA's constraints, by depth-first
/// branch and bound: users with u &gt; tau must be offloaded, the others may stay local, a server takes at most the
/// cap. Meant for small epochs, to measure how far GOA is from the optimum; it refuses large ones.
/// </summary>
/// <remarks>
/// <para>
/// The bound rests on the same monotonicity as the fast engine: adding a user anywhere never lowers any offloaded
/// user's gap (it adds to one server's count and to the others' interference). So at a node, with only the decided
/// users placed, each decided user's gap in that partial state, plus for each undecided user the smallest gap it could
/// have if it were the next one placed (or 0 if it may stay local), is no more than the objective of any completion.
/// Keep in step with <see cref="DelayModel.Gap(Scenario, int, int, int, double, bool)"/>: a change to the gap that broke this
/// monotonicity would make the bound prune optima. Placements update the interference through
/// <see cref="DelayModel.AddInterference"/>, as the engines do.
/// </para>
/// <para>
/// The search starts from GOA's assignment as the incumbent when GOA serves every forced user that can be served, so
/// the result is then never worse than GOA. Partial-state interference is summed in search order, not user order; the
/// last bits can differ from the final sums, so a node is pruned only when its bound exceeds the incumbent by more than
/// a relative 1e-12, or when the bound is +infinity (no completion can then be strictly better than any incumbent).
/// Leaves are scored with <see cref="PaperObjective.Evaluate"/> itself, so the value returned is exact.
/// </para>
/// <para>
/// In the default mode a forced user with no server of finite delay stays local and is counted as unserved, as GOA
/// does. GOA can also strand a forced user that another assignment serves (a cap filled by users that had other
/// servers); its decision then breaks the constraints and is no incumbent, and the optimum may score worse than GOA on
/// the objective, whose sum leaves the stranded user out. When no assignment serving every servable forced user has a
/// finite value (caps too tight, or in reference mode a forced user with no live channel), GOA's decision is returned,
/// its unserved count included.
/// </para>
/// </remarks>
public sealed class OptimalPolicy : IOffloadingPolicy
{
    /// <summary>Largest number of users accepted.</summary>
    public const int MaxUsers = 16;

    /// <summary>Largest search space accepted, (M + 1)^N assignments.</summary>
    public const double MaxSearchSpace = 1L << 40;

    private const double PruneTolerance = 1e-12;

    /// <summary>Whether an epoch of <paramref name="users"/> users and <paramref name="servers"/> servers is within both limits.</summary>
    public static bool Accepts(int users, int servers) => users <= MaxUsers && Math.Pow(servers + 1, users) <= MaxSearchSpace;

    /// <inheritdoc />
    public string Name => "optimal";

    /// <inheritdoc />
    public string Description => $"exact minimum of the u-weighted objective by branch and bound, for at most {MaxUsers} users (not one of the paper's methods)";

    /// <inheritdoc />
    public string? SizeProblem(int users, int servers) => Accepts(users, servers) ? null
        : $"'{Name}' is an exact search for at most {MaxUsers} users and {MaxSearchSpace:0.#e0} assignments ((M + 1)^N), not N = {users} users on M = {servers} servers.";

    /// <inheritdoc />
    /// <exception cref="ProblemTooLargeException">More than <see cref="MaxUsers"/> users or (M + 1)^N above <see cref="MaxSearchSpace"/>.</exception>
    public Assignment Decide(Scenario scenario, PolicyContext context)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(context);
        int n = scenario.UserCount, m = scenario.ServerCount;
        double space = Math.Pow(m + 1, n);
        if (!Accepts(n, m))
            throw new ProblemTooLargeException(
                $"The optimal policy searches up to (M + 1)^N assignments and accepts at most {MaxUsers} users and {MaxSearchSpace:0.#e0} assignments; " +
                $"this epoch has N = {n}, M = {m} ({space:0.#e0}). Use goa, or fewer users.");
        var goa = new GoaPolicy().Decide(scenario, context with { Engine = Fast.FastGreedyEngine.Instance });
        if (n == 0) return goa;
        // The objective under the load the decision sees, as GOA's incumbent was found under it.
        return new Search(context.DecisionScenario(scenario), context.Tau, goa).Run();
    }

    private sealed class Search
    {
        private readonly Scenario _s;
        private readonly int _n, _m, _cap;
        private readonly bool _guard;
        private readonly int[] _order;
        private readonly bool[] _mustOffload;
        private readonly bool[] _unserved;
        private readonly int[] _serverOf;
        private readonly int[][] _counts;
        private readonly double[][] _interference;
        private int[]? _best;
        private readonly (double Gap, int Server)[][] _choices;
        private double _bestValue;
        private readonly Assignment _goa;
        private readonly int _unservedCount;

        public Search(Scenario scenario, double tau, Assignment goa)
        {
            _s = scenario;
            _n = scenario.UserCount;
            _m = scenario.ServerCount;
            _cap = scenario.Parameters.Admission.MaxUsersPerServer ?? int.MaxValue;
            _guard = scenario.Parameters.ExcludesInfeasiblePairs;
            _goa = goa;
            _mustOffload = new bool[_n];
            _unserved = new bool[_n];
            double[] first = new double[_n];
            for (int i = 0; i < _n; i++)
            {
                double min = double.PositiveInfinity;
                for (int j = 0; j < _m; j++) min = Math.Min(min, DelayModel.Gap(scenario, i, j, 1, 0, weighted: true));
                first[i] = min;
                bool forced = scenario.Uncertainty[i] > tau;
                _unserved[i] = forced && _guard && double.IsPositiveInfinity(min);
                _mustOffload[i] = forced && !_unserved[i];
                if (_unserved[i]) _unservedCount++;
            }
            // Forced users first (they have no local branch), then the most promising: early placements shape the
            // state the bound sees, so deciding influential users first prunes more.
            _order = Enumerable.Range(0, _n).Where(i => !_unserved[i])
                .OrderBy(i => _mustOffload[i] ? 0 : 1).ThenBy(i => first[i]).ThenBy(i => i).ToArray();
            _serverOf = new int[_n];
            Array.Fill(_serverOf, Assignment.Local);
            _counts = new int[_order.Length + 1][];
            _interference = new double[_order.Length + 1][];
            _choices = new (double, int)[_order.Length + 1][];
            for (int d = 0; d <= _order.Length; d++)
            {
                _counts[d] = new int[_m];
                _interference[d] = new double[_m];
                _choices[d] = new (double, int)[_m + 1];
            }
            // GOA's decision is a candidate only if it meets the constraints: every forced user it left local must be one
            // that no server can serve at all (a cap can make GOA strand users another assignment serves).
            _bestValue = double.PositiveInfinity;
            if (goa.UnservedForced == _unservedCount)
            {
                _best = goa.ServerOfUser.ToArray();
                _bestValue = PaperObjective.Evaluate(scenario, _best);
            }
        }

        public Assignment Run()
        {
            // More users that must offload than the servers can take: nothing is feasible, no search needed.
            if ((long)_mustOffload.Count(x => x) > (long)_m * _cap) return _goa;
            if (double.IsPositiveInfinity(_bestValue) && !_guard)
            {
                // Reference mode: a forced user that cannot be served makes every feasible assignment infinite.
                bool hopeless = false;
                for (int i = 0; i < _n && !hopeless; i++)
                    if (_mustOffload[i])
                    {
                        hopeless = true;
                        for (int j = 0; j < _m; j++) if (double.IsFinite(DelayModel.Gap(_s, i, j, 1, 0, true))) hopeless = false;
                    }
                if (hopeless) return _goa;
            }
            Descend(0);
            // No assignment that serves every servable forced user has a finite value: GOA's decision, as it stands.
            return _best is null || double.IsPositiveInfinity(_bestValue) ? _goa : new Assignment(_best, _unservedCount);
        }

        private void Descend(int depth)
        {
            var counts = _counts[depth];
            var interference = _interference[depth];
            if (depth == _order.Length)
            {
                double value = PaperObjective.Evaluate(_s, _serverOf);
                if (value < _bestValue)
                {
                    _bestValue = value;
                    _best ??= new int[_n];
                    _serverOf.CopyTo(_best, 0);
                }
                return;
            }
            if (Pruned(depth, counts, interference)) return;

            int user = _order[depth];
            var choices = _choices[depth];
            int k = 0;
            for (int j = 0; j < _m; j++)
            {
                if (counts[j] >= _cap) continue;
                double g = DelayModel.Gap(_s, user, j, counts[j] + 1, interference[j], weighted: true);
                if (_guard && double.IsPositiveInfinity(g)) continue;
                choices[k++] = (g, j);
            }
            if (!_mustOffload[user]) choices[k++] = (0, Assignment.Local);
            // Most promising branch first finds good incumbents early.
            Array.Sort(choices, 0, k, ChoiceOrder.Instance);

            var nextCounts = _counts[depth + 1];
            var nextInterference = _interference[depth + 1];
            for (int c = 0; c < k; c++)
            {
                int j = choices[c].Server;
                counts.CopyTo(nextCounts, 0);
                interference.CopyTo(nextInterference, 0);
                if (j != Assignment.Local)
                {
                    nextCounts[j]++;
                    DelayModel.AddInterference(_s, user, j, nextInterference);
                }
                _serverOf[user] = j;
                Descend(depth + 1);
                _serverOf[user] = Assignment.Local;
            }
        }

        /// <summary>True when no completion of this node can beat the incumbent (see the class remarks).</summary>
        private bool Pruned(int depth, int[] counts, double[] interference)
        {
            double bound = 0;
            for (int d = 0; d < depth; d++)
            {
                int i = _order[d], j = _serverOf[i];
                if (j != Assignment.Local) bound += DelayModel.Gap(_s, i, j, counts[j], interference[j], weighted: true);
            }
            for (int d = depth; d < _order.Length; d++)
            {
                int i = _order[d];
                double min = _mustOffload[i] ? double.PositiveInfinity : 0;
                for (int j = 0; j < _m; j++)
                    if (counts[j] < _cap) min = Math.Min(min, DelayModel.Gap(_s, i, j, counts[j] + 1, interference[j], weighted: true));
                bound += min;
            }
            // An infinite bound (a forced user left with no server) fails the relative test below, inf > inf being false.
            if (double.IsPositiveInfinity(bound)) return true;
            if (double.IsPositiveInfinity(_bestValue)) return false;
            return bound - _bestValue > PruneTolerance * (Math.Abs(bound) + Math.Abs(_bestValue));
        }
    }

    private sealed class ChoiceOrder : IComparer<(double Gap, int Server)>
    {
        public static readonly ChoiceOrder Instance = new();

        public int Compare((double Gap, int Server) x, (double Gap, int Server) y)
        {
            int c = x.Gap.CompareTo(y.Gap);
            return c != 0 ? c : x.Server.CompareTo(y.Server);
        }
    }
}
