namespace EdgeMargin.Radio;

/// <summary>Free-space path loss: amplitude gain c / (4 pi f d), power gain its square.</summary>
public static class PathLoss
{
    /// <summary>Free-space power gain (c / (4 pi f d))^2 at distance <paramref name="distanceM"/>, clamped below at <paramref name="minDistanceM"/>.</summary>
    public static double FreeSpacePowerGain(double distanceM, double carrierHz, double speedOfLightMps = 3e8, double minDistanceM = 1)
    {
        double d = Math.Max(distanceM, minDistanceM);
        double amplitude = speedOfLightMps / (4 * Math.PI * carrierHz * d);
        return amplitude * amplitude;
    }
}
