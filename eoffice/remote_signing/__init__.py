"""Ký số từ xa (VNPT SmartCA): a leader's registered remote-signing account and the signatures that wait for
his approval on the phone. The outgoing slice asks this one to start and to finish a signature."""
