using EdgeMargin.Sampling;

namespace EdgeMargin.Radio;

/// <summary>Rayleigh block fading: g ~ CN(0, 1), so |g|^2 is exponential with mean 1.</summary>
public static class RayleighFading
{
    /// <summary>One draw of the power |g|^2 of a unit-power complex Gaussian.</summary>
    public static double DrawPowerGain(SeededRandom random)
    {
        // Real and imaginary parts each have variance 1/2.
        double re = random.NextGaussian() * Math.Sqrt(0.5);
        double im = random.NextGaussian() * Math.Sqrt(0.5);
        return re * re + im * im;
    }
}
