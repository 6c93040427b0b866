.class public Lr/Enabler;
.super Ljava/lang/Object;

# enables a component at run time: android:enabled="false" is not final
.method public static enable(Landroid/content/pm/PackageManager;Landroid/content/ComponentName;)V
    .registers 4
    const/4 v0, 0x1
    invoke-virtual {p0, p1, v0, v0}, Landroid/content/pm/PackageManager;->setComponentEnabledSetting(Landroid/content/ComponentName;II)V
    return-void
.end method
