using EdgeMargin.Experiments;

namespace EdgeMargin.Tests.Experiments;

public class FrontierTests
{
    private static SweepRow Row(string policy, double tau, double delayMs, double accuracy) =>
        new(10, tau, policy, 1, accuracy, delayMs * 10, delayMs, 0, 0, 0, 0, 0);

    [Fact]
    public void The_score_is_the_mean_best_accuracy_within_each_delay_budget_over_the_common_range()
    {
        // Range [1, 2]. A: 50 from d = 1 (60 arrives only at d = 2): mean 50 -> .50.
        // B: 0 on [1, 1.5) (too slow), 55 on [1.5, 2]: mean 27.5 -> .275.
        var rows = new[] { Row("a", 0.6, 1, 50), Row("a", 0.8, 2, 60), Row("b", 0.6, 1.5, 55), Row("b", 0.8, 1.5, 55) };
        var scores = AccuracyDelayFrontier.Scores(rows);
        Assert.Equal(0.5, scores.Single(s => s.Policy == "a").Score, 12);
        Assert.Equal(0.275, scores.Single(s => s.Policy == "b").Score, 12);
        Assert.All(scores, s => Assert.Equal((1.0, 2.0), (s.DelayLowMs, s.DelayHighMs)));
        Assert.Equal(2, scores.Single(s => s.Policy == "b").Points);
    }

    [Fact]
    public void A_dominated_point_never_lowers_the_frontier_and_a_single_delay_scores_the_best_accuracy()
    {
        // The slower, worse point (3, 40) does not pull the step down: 50 over [1, 3] -> .5.
        Assert.Equal(0.5, AccuracyDelayFrontier.Score([(1, 50), (3, 40)], 1, 3), 12);
        Assert.Equal(0.7, AccuracyDelayFrontier.Score([(2, 70), (2, 60)], 2, 2), 12);
        Assert.Equal(0, AccuracyDelayFrontier.Score([], 1, 2));
        Assert.Throws<ArgumentException>(() => AccuracyDelayFrontier.Score([(1, 1)], 2, 1));
    }

    [Fact]
    public void A_single_point_scores_its_accuracy_over_the_budgets_it_meets_and_the_slowest_policy_scores_zero()
    {
        Assert.Equal(0.6, AccuracyDelayFrontier.Score([(1, 60)], 1, 3), 12);
        Assert.Equal(0.3, AccuracyDelayFrontier.Score([(2, 60)], 1, 3), 12);
        // local-all's shape: one point at the slowest delay in play, available under no tighter budget.
        var rows = new[] { Row("goa", 0.6, 80, 55), Row("goa", 0.8, 90, 54), Row("local-all", 0.6, 170, 45), Row("local-all", 0.8, 170, 45) };
        var scores = AccuracyDelayFrontier.Scores(rows);
        Assert.Equal(0.0, scores.Single(s => s.Policy == "local-all").Score);
        Assert.Equal(55.0 / 100, scores.Single(s => s.Policy == "goa").Score, 12);
        Assert.Equal(scores, AccuracyDelayFrontier.Scores(rows.Reverse().ToArray()).OrderBy(s => s.Policy == "local-all").ToArray());
    }

    [Fact]
    public void A_non_finite_point_is_an_error_not_a_nan_score()
    {
        Assert.Throws<ArgumentException>(() => AccuracyDelayFrontier.Score([(1, 50), (2, double.NaN)], 1, 2));
        Assert.Throws<ArgumentException>(() => AccuracyDelayFrontier.Score([(double.PositiveInfinity, 50)], 1, 2));
        // Scores drops such rows itself: an infinite-delay row neither scores nor stretches the range.
        var rows = new[] { Row("a", 0.6, 1, 50), Row("a", 0.8, double.PositiveInfinity, 60), Row("b", 0.6, 2, 40) };
        var a = AccuracyDelayFrontier.Scores(rows).Single(s => s.Policy == "a");
        Assert.Equal((0.5, 2.0, 1), (a.Score, a.DelayHighMs, a.Points));
    }
}
