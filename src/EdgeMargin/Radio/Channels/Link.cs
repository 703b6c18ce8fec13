namespace EdgeMargin.Radio.Channels;

/// <summary>
/// The geometry of one uplink: where the user and the server stand in the plane, metres. Heights are a property of
/// the channel model (a 3GPP scenario fixes the base-station height and takes the terminals' height as a parameter),
/// not of the link.
/// </summary>
/// <param name="UserX">User position, metres.</param>
/// <param name="UserY">User position, metres.</param>
/// <param name="ServerX">Server (base station) position, metres.</param>
/// <param name="ServerY">Server (base station) position, metres.</param>
public readonly record struct Link(double UserX, double UserY, double ServerX, double ServerY)
{
    /// <summary>Horizontal distance d_2D between user and server, metres.</summary>
    public double Distance2DM
    {
        get
        {
            // Written as the generator always wrote it (user minus server, squares summed), so free-space gains stay bit-identical.
            double dx = UserX - ServerX, dy = UserY - ServerY;
            return Math.Sqrt(dx * dx + dy * dy);
        }
    }
}
