namespace EdgeMargin.Offloading.Policies;

/// <summary>Settings of the genetic-algorithm baseline.</summary>
public sealed record GeneticOptions
{
    /// <summary>Individuals per generation.</summary>
    public int Population { get; init; } = 40;

    /// <summary>Generations evolved.</summary>
    public int Generations { get; init; } = 60;

    /// <summary>Probability that a child mixes two parents (uniform crossover) rather than copying one.</summary>
    public double CrossoverRate { get; init; } = 0.9;

    /// <summary>Per-gene mutation probability; null means 1 / N.</summary>
    public double? MutationRate { get; init; }

    /// <summary>Best individuals copied unchanged into the next generation.</summary>
    public int Elite { get; init; } = 2;

    /// <summary>Tournament size for parent selection.</summary>
    public int TournamentSize { get; init; } = 3;
}
