using CsCheck;
using EdgeMargin.Compute;
using EdgeMargin.DiscreteEvents;

namespace EdgeMargin.Tests.DiscreteEvents;

public class EventCoreTests
{
    [Fact]
    public void Events_come_out_in_time_order_and_equal_times_in_scheduling_order()
    {
        Gen.Int[0, 20].Array[1, 200].Sample(times =>
        {
            var queue = new EventQueue<int>();
            for (int i = 0; i < times.Length; i++) queue.Enqueue(times[i], i);
            var expected = Enumerable.Range(0, times.Length).OrderBy(i => times[i]).ThenBy(i => i).ToArray();
            var actual = new List<int>();
            while (queue.TryDequeue(out int id, out double t))
            {
                Assert.Equal(times[id], t);
                actual.Add(id);
            }
            Assert.Equal(expected, actual);
        });
    }

    [Fact]
    public void The_clock_advances_to_each_event_and_refuses_to_schedule_in_the_past()
    {
        var sim = new Simulator<int>();
        sim.At(2, 1);
        sim.After(1, 0);
        Assert.True(sim.TryNext(10, out int first));
        Assert.Equal((0, 1.0), (first, sim.Now));
        Assert.Throws<ArgumentOutOfRangeException>(() => sim.At(0.5, 9));
        Assert.Throws<ArgumentOutOfRangeException>(() => sim.At(double.NaN, 9));
        Assert.True(sim.TryNext(10, out int second));
        Assert.Equal((1, 2.0), (second, sim.Now));
        Assert.Equal(2, sim.Processed);
    }

    [Fact]
    public void An_event_beyond_the_horizon_stays_queued_and_the_clock_stops_at_the_horizon()
    {
        var sim = new Simulator<int>();
        sim.At(5, 7);
        Assert.False(sim.TryNext(3, out _));
        Assert.Equal(3, sim.Now);
        Assert.Equal(1, sim.Pending);
        Assert.True(sim.TryNext(5, out int e));
        Assert.Equal(7, e);
    }

    [Fact]
    public void Named_streams_are_reproducible_and_distinct()
    {
        var a = new RandomStreams(42);
        var b = new RandomStreams(42);
        Assert.Equal(a.Open("arrivals").NextUInt64(), b.Open("arrivals").NextUInt64());
        Assert.Equal(a.Open("arrivals", 17).NextUInt64(), b.Open("arrivals", 17).NextUInt64());
        var firsts = new[] { a.Open("arrivals").NextUInt64(), a.Open("service").NextUInt64(), a.Open("arrivals", 0).NextUInt64(),
            a.Open("arrivals", 1).NextUInt64(), new RandomStreams(43).Open("arrivals").NextUInt64() };
        Assert.Equal(firsts.Length, firsts.Distinct().Count());
        // FNV-1a of "a" is a published test vector; a change here would move every stream of every run.
        Assert.Equal(0xaf63dc4c8601ec8cUL, RandomStreams.StreamId("a"));
    }

    [Fact]
    public void A_keyed_draw_depends_only_on_its_keys_and_is_uniform()
    {
        var streams = new RandomStreams(7);
        ulong fading = RandomStreams.StreamId("fading");
        Assert.Equal(streams.Uniform(fading, 3, 1, 99), streams.Uniform(fading, 3, 1, 99));
        Assert.NotEqual(streams.Uniform(fading, 3, 1, 99), streams.Uniform(fading, 3, 1, 100));
        Assert.NotEqual(streams.Uniform(fading, 3, 1, 99), streams.Uniform(fading, 1, 3, 99));
        // 100 000 draws in ten bins: each bin within 5 % of 10 000 (a binomial sd is 95, so 5 % is over 5 sd).
        var bins = new int[10];
        for (int k = 0; k < 100_000; k++) bins[(int)(streams.Uniform(fading, k, k % 7) * 10)]++;
        Assert.All(bins, c => Assert.InRange(c, 9_500, 10_500));
        double meanExp = Enumerable.Range(0, 100_000).Average(k => streams.Exponential(fading, k));
        Assert.InRange(meanExp, 0.99, 1.01);
    }

    [Theory]
    [InlineData(1, 1.513e16, 1513e12)]
    [InlineData(7, 1.513e16, 1513e12)]   // cap binds: C / 7 > C_max
    [InlineData(25, 1.2e16, 1513e12)]   // share binds
    [InlineData(3, 9.7e15, double.PositiveInfinity)]
    public void Equal_jobs_admitted_together_finish_together_at_the_static_share_exactly(int n, double capacity, double cap)
    {
        const double start = 0.37, work = 7.3e14;
        var queue = new ProcessorSharingQueue(capacity, cap);
        for (int j = 0; j < n; j++) queue.Arrive(start, j, work);
        double expected = start + work / EdgeShare.PerUserFlops(capacity, n, cap);
        Assert.Equal(expected, queue.NextCompletionTime);
        var done = new List<int>();
        queue.CompleteDue(queue.NextCompletionTime, done);
        Assert.Equal(Enumerable.Range(0, n), done);
        Assert.Equal(0, queue.Count);
        Assert.Equal(double.PositiveInfinity, queue.NextCompletionTime);
    }

    [Fact]
    public void A_shorter_job_leaves_first_and_the_rest_speed_up()
    {
        // Capacity 2, no cap: jobs of 1 and 3 at t = 0 get 1 each; the first leaves at 1, the second then gets 2 and
        // needs 2 more: it leaves at 2.
        var queue = new ProcessorSharingQueue(2);
        queue.Arrive(0, 0, 1);
        queue.Arrive(0, 1, 3);
        var done = new List<int>();
        Assert.Equal(1, queue.NextCompletionTime);
        Assert.Equal(4, queue.RemainingWork(0));
        queue.CompleteDue(1, done);
        Assert.Equal([0], done);
        Assert.Equal(2, queue.RemainingWork(1));
        Assert.Equal(2, queue.NextCompletionTime);
        queue.CompleteDue(2, done);
        Assert.Equal([0, 1], done);
    }

    [Fact]
    public void With_one_place_in_service_jobs_are_served_first_come_first_served()
    {
        var queue = new ProcessorSharingQueue(1, maxInService: 1);
        queue.Arrive(0, 0, 2);
        queue.Arrive(0.5, 1, 1);
        Assert.Equal((1, 1), (queue.InService, queue.Waiting));
        var done = new List<int>();
        queue.CompleteDue(2, done);
        Assert.Equal(3, queue.NextCompletionTime);
        queue.CompleteDue(3, done);
        Assert.Equal([0, 1], done);
        Assert.Throws<InvalidOperationException>(() => queue.CompleteDue(4, done));
    }

    [Fact]
    public void A_time_weighted_level_averages_over_time_not_over_changes()
    {
        var level = new TimeWeightedLevel();
        level.Set(0, 2);     // 2 on [0, 1)
        level.Set(1, 0);     // 0 on [1, 4)
        level.Add(4, 4);     // 4 on [4, 5]
        Assert.Equal(6, level.Area(5));
        Assert.Equal(1.2, level.Mean(5), 12);
        level.Restart(5);
        Assert.Equal(4, level.Mean(6));
    }

    [Fact]
    public void Quantiles_follow_the_nearest_rank_definition()
    {
        var stats = new OrderStatistics(2);
        foreach (double v in new double[] { 15, 20, 35, 40, 50 }) stats.Add(v);
        // The textbook example: p30 = 20, p40 = 20, p50 = 35, p100 = 50.
        Assert.Equal(20, stats.Quantile(0.3));
        Assert.Equal(20, stats.Quantile(0.4));
        Assert.Equal(35, stats.Quantile(0.5));
        Assert.Equal(50, stats.Quantile(1));
        Assert.Equal(15, stats.Quantile(0));
        Assert.Equal(32, stats.Mean);
        Assert.True(double.IsNaN(new OrderStatistics().Quantile(0.5)));
    }
}
