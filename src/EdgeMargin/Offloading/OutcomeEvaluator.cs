using EdgeMargin.Scenarios;

namespace EdgeMargin.Offloading;

/// <summary>
/// Scores an assignment: every offloaded user sees the final bandwidth split, compute share and interference of the
/// whole assignment; its edge time uses the measured large-model time when the scenario has one. Under a backlog
/// (<see cref="ServerLoad"/>, <see cref="Scenario.WithLoad"/>) the compute share counts the server's jobs in service and
/// the user waits W_j first, whether or not the decision saw the backlog.
/// </summary>
/// <remarks>Its delays are the gap's pieces (<see cref="DelayModel.CommS(Scenario, int, int, int, double)"/>,
/// <see cref="DelayModel.EdgeS"/>, the wait) with the measured work: keep in step with <see cref="DelayModel.Gap(Scenario, int, int, int, double, bool)"/>.</remarks>
public static class OutcomeEvaluator
{
    /// <summary>Evaluates <paramref name="assignment"/> on <paramref name="scenario"/>.</summary>
    public static Outcome Evaluate(Scenario scenario, Assignment assignment)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(assignment);
        int n = scenario.UserCount, m = scenario.ServerCount;
        if (assignment.UserCount != n) throw new ArgumentException($"The assignment has {assignment.UserCount} users, the scenario {n}.", nameof(assignment));
        if (!assignment.IsValidFor(m)) throw new ArgumentException($"The assignment names a server outside 0..{m - 1}.", nameof(assignment));
        Span<int> counts = m <= 256 ? stackalloc int[m] : new int[m];
        Span<double> interference = m <= 256 ? stackalloc double[m] : new double[m];
        DelayModel.Counts(assignment.ServerOfUser, counts);
        DelayModel.Interference(scenario, assignment.ServerOfUser, interference);
        var users = new UserOutcome[n];
        var work = scenario.EdgeWorkActual;
        for (int i = 0; i < n; i++)
        {
            int j = assignment[i];
            var demand = scenario.Users[i];
            if (j == Assignment.Local)
            {
                users[i] = new UserOutcome(j, scenario.LocalDelayS[i], 0, 0, demand.SlmCorrect);
            }
            else
            {
                double comm = DelayModel.CommS(scenario, i, j, counts[j], interference[j]);
                double edge = DelayModel.EdgeS(scenario, work[i], j, counts[j]);
                users[i] = new UserOutcome(j, 0, comm, edge, demand.LlmCorrect, scenario.WaitS[j]);
            }
        }
        return new Outcome(users);
    }
}
