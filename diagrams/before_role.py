"""Before the Hyper-V role is installed, Windows Server 2008 runs directly on the hardware.

Applications run in user mode; the Windows kernel and the device drivers run in kernel mode
(many drivers do; some run in user mode) and work with the processors, memory and devices
directly: the article's "before". Sources: the article;
[User mode and kernel mode][user-mode-and-kernel-mode].
"""

from style import (component, figure, flow, hardware, kernel_mode, legend, operating_system, row,
                   stack, user_mode)

with figure("Windows Server 2008 before the Hyper-V role is installed"):
    with operating_system("Windows Server 2008", icon="windows"):
        with user_mode():
            apps = component("Applications", "application")
        with kernel_mode():
            kernel = component("Windows kernel", "windows-kernel")
            drivers = component("Device drivers", "device-driver")
    devices = hardware()

    stack(
        row(apps),
        row(kernel, drivers),
        row(devices.processors, devices.memory, devices.network, devices.storage),
    )
    legend("hardware_access", under=devices)

    flow("hardware_access", kernel, devices.processors)
    flow("hardware_access", kernel, devices.memory)
    flow("hardware_access", drivers, devices.storage)
    flow("hardware_access", drivers, devices.network)
